using O2O.Domain.Common;

namespace O2O.Application.Common;

public sealed record MoneyDto(long Amount, string Currency)
{
    public static MoneyDto From(Money money) => new(money.Amount, money.Currency);

    public override string ToString() => $"{Amount / 100m:0.00} {Currency}";
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}
