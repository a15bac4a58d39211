using O2O.Domain.Common;

namespace O2O.Domain.Tests.Common;

/// <summary>Largest remainder: the parts add up to the total exactly, each within one unit of its exact share.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Random_amounts_and_weights_always_add_up_exactly_and_stay_within_a_unit_of_their_share()
    {
        var random = new Random(1234);
        for (var run = 0; run < 2_000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(4) == 0 ? 0L : random.NextInt64(1, 1_000_000)).ToList();
            var total = random.NextInt64(0, 10_000_000);

            var parts = Allocation.Proportional(total, weights);

            parts.Count.ShouldBe(weights.Count);
            parts.Sum().ShouldBe(total);
            var sum = weights.Sum();
            for (var i = 0; i < parts.Count; i++)
            {
                var exact = sum == 0 ? (decimal)total / weights.Count : (decimal)total * weights[i] / sum;
                Math.Abs(parts[i] - exact).ShouldBeLessThan(1m);
                if (sum > 0 && weights[i] == 0) parts[i].ShouldBe(0);
            }
        }
    }

    [Fact]
    public void The_odd_units_go_to_the_largest_remainders_and_ties_to_the_earlier_weight()
    {
        Allocation.Proportional(100, [1, 1, 1]).ShouldBe([34, 33, 33]);
        Allocation.Proportional(10, [3, 3, 4]).ShouldBe([3, 3, 4]);
        Allocation.Proportional(5, [2, 3, 3]).ShouldBe([1, 2, 2]);   // 1.25, 1.875, 1.875: the two .875s take the units
    }

    [Fact]
    public void Zero_to_share_gives_zero_parts_and_zero_weights_share_equally()
    {
        Allocation.Proportional(0, [5, 7]).ShouldBe([0, 0]);
        Allocation.Proportional(0, []).ShouldBeEmpty();
        Allocation.Proportional(7, [0, 0, 0]).ShouldBe([3, 2, 2]);
        Allocation.Proportional(7, [0, 5, 0]).ShouldBe([0, 7, 0]);
    }

    [Fact]
    public void Yen_sized_amounts_split_exactly_without_overflow()
    {
        // A zero-decimal currency: whole yen, large totals and weights near the top of a long.
        var parts = Allocation.Proportional(999_999_999_999, [long.MaxValue / 3, long.MaxValue / 3, 1]);

        parts.Sum().ShouldBe(999_999_999_999);
        Math.Abs(parts[0] - parts[1]).ShouldBeLessThanOrEqualTo(1);
        Allocation.Proportional(1_000, [1_980, 3_300, 4_720]).ShouldBe([198, 330, 472]);
    }

    [Fact]
    public void Negative_amounts_or_weights_and_nothing_to_share_across_are_refused()
    {
        Should.Throw<DomainException>(() => Allocation.Proportional(-1, [1]));
        Should.Throw<DomainException>(() => Allocation.Proportional(1, [1, -1]));
        Should.Throw<DomainException>(() => Allocation.Proportional(1, []));
    }
}
