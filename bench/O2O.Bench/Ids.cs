namespace O2O.Bench;

/// <summary>
/// Deterministic ids, so pgbench can name a store or product from a random integer
/// (bench/pgbench/place_order.sql builds the same strings in SQL).
/// </summary>
public static class Ids
{
    public static Guid Store(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:x12}");

    public static Guid Product(int n) => Guid.Parse($"00000000-0000-4000-9000-{n:x12}");

    /// <summary>The hot SKU of the race: outside the random product range, stocked at store 1 only.</summary>
    public static readonly Guid HotProduct = Guid.Parse("00000000-0000-4000-a000-000000000001");

    public static readonly Guid HotStore = Store(1);
}
