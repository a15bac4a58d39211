namespace O2O.Domain.Common;

/// <summary>
/// Splitting an amount in minor units across weights so that the parts add up to it exactly (ADR 49): a points
/// discount across an order's lines, a return's share of it across the return's lines, a promotion across the lines it
/// covers. Each part is the floor of its exact share; the units left over go one each to the largest remainders, ties
/// to the earlier weight, so the same inputs always give the same parts.
/// </summary>
public static class Allocation
{
    /// <summary>
    /// <paramref name="total"/> (zero or more) in proportion to <paramref name="weights"/> (each zero or more). All
    /// weights zero share it equally (the first ones take the odd units); no weights at all is an error unless there
    /// is nothing to share.
    /// </summary>
    public static IReadOnlyList<long> Proportional(long total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (total < 0) throw new DomainException("An amount to share is zero or more.");
        if (weights.Any(w => w < 0)) throw new DomainException("Weights are zero or more.");
        if (weights.Count == 0)
            return total == 0 ? [] : throw new DomainException("An amount is shared across at least one weight.");
        var sum = weights.Aggregate((Int128)0, (s, w) => s + w);
        var effective = sum == 0 ? weights.Select(_ => 1L).ToList() : weights;
        if (sum == 0) sum = weights.Count;
        var parts = new long[weights.Count];
        var remainders = new Int128[weights.Count];
        long given = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            // total × weight in 128 bits: exact for any amounts a long holds.
            var (quotient, remainder) = Int128.DivRem((Int128)total * effective[i], sum);
            parts[i] = (long)quotient;
            remainders[i] = remainder;
            given += parts[i];
        }
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(total - given)))
            parts[i]++;
        return parts;
    }
}
