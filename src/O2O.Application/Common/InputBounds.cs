using FluentValidation;

namespace O2O.Application.Common;

/// <summary>
/// The widest values any use case accepts, so arithmetic on them can never overflow: a page number times the largest
/// page size stays an int, and a date a few days either side of the bounds stays a valid date in every time zone.
/// </summary>
public static class InputBounds
{
    public const int MaxPage = 100_000;

    public static readonly DateOnly MinDate = new(2000, 1, 1);
    public static readonly DateOnly MaxDate = new(2100, 12, 31);

    public static readonly DateTimeOffset MinInstant = new(MinDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public static readonly DateTimeOffset MaxInstant = new(MaxDate.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);

    public static readonly string DateMessage = $"must be a date between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.";

    public static IRuleBuilderOptions<T, int> IsPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPage).WithMessage($"page must be between 1 and {MaxPage}.");

    public static IRuleBuilderOptions<T, DateOnly?> IsSaneDate<T>(this IRuleBuilder<T, DateOnly?> rule, string name) =>
        rule.Must(d => d is null || (d >= MinDate && d <= MaxDate)).WithMessage($"{name} {DateMessage}");

    public static IRuleBuilderOptions<T, DateTimeOffset?> IsSaneInstant<T>(this IRuleBuilder<T, DateTimeOffset?> rule, string name) =>
        rule.Must(d => d is null || (d >= MinInstant && d <= MaxInstant)).WithMessage($"{name} {DateMessage}");
}
