using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Stores;

namespace O2O.Application.Stores;

/// <summary><see cref="FromPrimary"/>: the admin's edit form shows what was just saved, not a replica that may lag.</summary>
public sealed record GetStore(Guid Id) : IQuery<StoreDetails?>
{
    public bool FromPrimary { get; init; }
}

public sealed record StoreDetails(Guid Id, string Code, string Name, StoreAddress Address, double Latitude, double Longitude,
    string TimeZone, bool OpenToday, IReadOnlyList<OpeningHoursDto> OpeningHours, IReadOnlyList<ClosureDto> Closures,
    PickupSettingsDto Pickup)
{
    /// <summary>Collect-now settings (ADR 43).</summary>
    public CollectNowDto CollectNow { get; init; } = new(false, CollectNowSettings.Default.PrepareMinutes, CollectNowSettings.Default.OrdersPerWindow);

    /// <summary>The seller and its VAT number, as the receipt prints them (ADR 46); null until an admin sets them.</summary>
    public string? LegalName { get; init; }

    public string? VatNumber { get; init; }
}

public sealed record CollectNowDto(bool Enabled, int PrepareMinutes, int OrdersPerWindow);

public sealed record OpeningHoursDto(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

public sealed record ClosureDto(DateOnly Date, string Reason);

public sealed record PickupSettingsDto(int SlotLengthMinutes, int OrdersPerSlot, int LeadTimeMinutes, int BookingHorizonDays,
    int HoldDays, CaptureMode CaptureMode, bool Paused);

public sealed class GetStoreHandler(IAppDbContext db, IReadDbContext reads, TimeProvider clock) : IQueryHandler<GetStore, StoreDetails?>
{
    public async ValueTask<StoreDetails?> Handle(GetStore query, CancellationToken cancellationToken)
    {
        var s = await (query.FromPrimary ? db : reads).Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.Id, cancellationToken);
        if (s is null) return null;
        var today = s.LocalToday(clock.GetUtcNow());
        var p = s.Pickup;
        return new StoreDetails(s.Id, s.Code, s.Name, s.Address, s.Latitude, s.Longitude, s.TimeZoneId, s.IsOpenOn(today),
            s.OpeningHours.Select(h => new OpeningHoursDto(h.Day, h.Opens, h.Closes)).ToList(),
            s.Closures.Where(c => c.Date >= today).OrderBy(c => c.Date).Select(c => new ClosureDto(c.Date, c.Reason)).ToList(),
            new PickupSettingsDto(p.SlotLengthMinutes, p.OrdersPerSlot, p.LeadTimeMinutes, p.BookingHorizonDays, p.HoldDays,
                p.CaptureMode, s.PickupPaused))
        {
            CollectNow = new CollectNowDto(s.CollectNow.Enabled, s.CollectNow.PrepareMinutes, s.CollectNow.OrdersPerWindow),
            LegalName = s.LegalName, VatNumber = s.VatNumber,
        };
    }
}
