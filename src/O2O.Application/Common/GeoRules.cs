using FluentValidation;
using O2O.Application.Localization;

namespace O2O.Application.Common;

public static class GeoRules
{
    /// <summary>Latitude and longitude are optional, but come as a pair and within range.</summary>
    public static void AddNearPointRules<T>(this AbstractValidator<T> validator, Func<T, double?> lat, Func<T, double?> lon)
    {
        validator.RuleFor(x => lat(x)).InclusiveBetween(-90, 90).OverridePropertyName("lat")
            .WithMessage(_ => Messages.Geo_Latitude);
        validator.RuleFor(x => lon(x)).InclusiveBetween(-180, 180).OverridePropertyName("lon")
            .WithMessage(_ => Messages.Geo_Longitude);
        validator.RuleFor(x => lat(x)).NotNull().When(x => lon(x) is not null).OverridePropertyName("lat")
            .WithMessage(_ => Messages.Geo_Together);
        validator.RuleFor(x => lon(x)).NotNull().When(x => lat(x) is not null).OverridePropertyName("lon")
            .WithMessage(_ => Messages.Geo_Together);
    }
}
