namespace O2O.Domain.Stores;

/// <summary>A whole local day on which the store is closed (holiday, inventory, works).</summary>
public sealed record StoreClosure(DateOnly Date, string Reason);
