namespace O2O.Application.Abstractions;

/// <summary>
/// The database for shopper reads that may lag the primary by the replica's replay lag (ADR 59): the
/// catalog, a product, its availability, the store list and a store page. It is a streaming replica when
/// <c>ConnectionStrings:O2OReadOnly</c> is set, else the primary itself. Never write through it (a replica refuses),
/// and never decide anything on it that must be exact: checkout, holds, staff and admin work read the primary
/// (<see cref="IAppDbContext"/>), and checkout re-reads stock under lock there.
/// </summary>
public interface IReadDbContext : IAppDbContext;
