using FluentValidation;

namespace O2O.Application.Common;

public static class GeoRules
{
    /// <summary>Latitude and longitude are optional, but come as a pair and within range.</summary>
    public static void AddNearPointRules<T>(this AbstractValidator<T> validator, Func<T, double?> lat, Func<T, double?> lon)
    {
        validator.RuleFor(x => lat(x)).InclusiveBetween(-90, 90).OverridePropertyName("lat")
            .WithMessage("lat must be between -90 and 90.");
        validator.RuleFor(x => lon(x)).InclusiveBetween(-180, 180).OverridePropertyName("lon")
            .WithMessage("lon must be between -180 and 180.");
        validator.RuleFor(x => lat(x)).NotNull().When(x => lon(x) is not null).OverridePropertyName("lat")
            .WithMessage("lat and lon are given together.");
        validator.RuleFor(x => lon(x)).NotNull().When(x => lat(x) is not null).OverridePropertyName("lon")
            .WithMessage("lat and lon are given together.");
    }
}
