using System.Globalization;
using FluentValidation;
using O2O.Application.Localization;

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

    // Validators are singletons: every message is read when a request fails, in that request's language.
    public static IRuleBuilderOptions<T, int> IsPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPage).WithMessage(_ => Texts.Format(Messages.Bounds_Page, MaxPage));

    public static IRuleBuilderOptions<T, DateOnly?> IsSaneDate<T>(this IRuleBuilder<T, DateOnly?> rule, string name) =>
        rule.Must(d => d is null || (d >= MinDate && d <= MaxDate)).WithMessage(_ => DateMessage(name));

    public static IRuleBuilderOptions<T, DateTimeOffset?> IsSaneInstant<T>(this IRuleBuilder<T, DateTimeOffset?> rule, string name) =>
        rule.Must(d => d is null || (d >= MinInstant && d <= MaxInstant)).WithMessage(_ => DateMessage(name));

    /// <summary>The bounds are written as ISO dates, which a caller types back exactly in every language.</summary>
    private static string DateMessage(string name) =>
        Texts.Format(Messages.Bounds_Date, name, MinDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            MaxDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
