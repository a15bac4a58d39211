using Mediator;
using O2O.Application.Abstractions;

namespace O2O.Application.Accounts;

/// <summary>Everything held about the signed-in shopper, for them to download.</summary>
public sealed record ExportMyData(string UserId) : IQuery<MyData?>;

public sealed record MyData(DateTimeOffset ExportedAt, AccountData Account, IReadOnlyDictionary<string, object> Sections);

public sealed class ExportMyDataHandler(IAccountStore accounts, IEnumerable<IPersonalDataHolder> holders, TimeProvider clock)
    : IQueryHandler<ExportMyData, MyData?>
{
    public async ValueTask<MyData?> Handle(ExportMyData query, CancellationToken ct)
    {
        if (await accounts.FindAsync(query.UserId, ct) is not { } account) return null;
        var sections = new Dictionary<string, object>();
        foreach (var holder in holders) sections[holder.Section] = await holder.ExportAsync(query.UserId, ct);
        return new MyData(clock.GetUtcNow(), account, sections);
    }
}
