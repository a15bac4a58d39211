using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Stores;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

public sealed record StoreInput(string? Code, string? Name, string? Street, string? PostalCode, string? City, string? CountryCode,
    double? Latitude, double? Longitude, string? TimeZone, IReadOnlyList<OpeningHoursDto>? OpeningHours, IReadOnlyList<ClosureDto>? Closures,
    int? SlotLengthMinutes, int? OrdersPerSlot, int? LeadTimeMinutes, int? BookingHorizonDays, int? HoldDays, CaptureMode? CaptureMode, bool PickupPaused)
{
    /// <summary>Takes collect-now orders (ADR 43). Left out, an edit keeps the store's collect-now settings as they are.</summary>
    public bool? CollectNow { get; init; }

    /// <summary>Minutes from order to ready at the desk, 5 to 120.</summary>
    public int? CollectNowMinutes { get; init; }

    /// <summary>Collect-now orders that may become ready in one quarter hour.</summary>
    public int? CollectNowPerWindow { get; init; }

    /// <summary>The seller the receipt names. Left out, an edit keeps it; blank clears it.</summary>
    public string? LegalName { get; init; }

    /// <summary>The seller's EU VAT number, of the store's own country. Left out, an edit keeps it; blank clears it.</summary>
    public string? VatNumber { get; init; }
}

public sealed record CreateStore(StoreInput Input, Actor Actor) : ICommand<Result<StoreSaved>>;

/// <summary>
/// Edits a store. Changing hours or closures never cancels a booked order: orders whose slot the new schedule
/// no longer offers are returned (and listed on the store's page) for someone to follow up.
/// </summary>
public sealed record UpdateStore(Guid Id, StoreInput Input, Actor Actor) : ICommand<Result<StoreSaved>>;

public sealed record ListOrphanedOrders(Guid StoreId) : IQuery<IReadOnlyList<OrphanedOrder>?>;

public sealed record StoreSaved(StoreDetails Store, IReadOnlyList<OrphanedOrder> OrdersOutsideNewSchedule);

public sealed record OrphanedOrder(Guid Id, string Number, string Status, string CustomerName, string CustomerEmail, DateTimeOffset SlotStart);

public sealed class StoreInputValidator : AbstractValidator<StoreInput>
{
    public StoreInputValidator()
    {
        RuleFor(x => x.Code).NotEmpty().MaximumLength(Store.CodeMaxLength).Matches("^[A-Za-z0-9-]+$").OverridePropertyName("code").WithName(_ => Messages.Field_StoreCode);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name").WithName(_ => Messages.Field_Name);
        RuleFor(x => x.Street).NotEmpty().MaximumLength(200).OverridePropertyName("street").WithName(_ => Messages.Field_Street);
        RuleFor(x => x.PostalCode).NotEmpty().MaximumLength(20).OverridePropertyName("postalCode").WithName(_ => Messages.Field_PostalCode);
        RuleFor(x => x.City).NotEmpty().MaximumLength(100).OverridePropertyName("city").WithName(_ => Messages.Field_City);
        RuleFor(x => x.CountryCode).NotEmpty().Matches("^[A-Za-z]{2}$").WithMessage(_ => Messages.Admin_CountryCode).OverridePropertyName("countryCode").WithName(_ => Messages.Field_CountryCode);
        RuleFor(x => x.Latitude).NotNull().InclusiveBetween(-90, 90).OverridePropertyName("latitude").WithName(_ => Messages.Field_Latitude);
        RuleFor(x => x.Longitude).NotNull().InclusiveBetween(-180, 180).OverridePropertyName("longitude").WithName(_ => Messages.Field_Longitude);
        RuleFor(x => x.TimeZone).NotEmpty().Must(tz => tz is not null && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            .WithMessage(_ => Messages.Admin_TimeZone).OverridePropertyName("timeZone").WithName(_ => Messages.Field_TimeZone);
        RuleForEach(x => x.OpeningHours).Must(h => h.Closes > h.Opens).WithMessage(_ => Messages.Admin_ClosesAfterOpens)
            .OverridePropertyName("openingHours");
        RuleFor(x => x.OpeningHours).Must(NotOverlap).WithMessage(_ => Messages.Admin_HoursOverlap).OverridePropertyName("openingHours");
        RuleForEach(x => x.Closures).Must(c => c.Reason is { Length: <= 200 }).WithMessage(_ => Messages.Admin_ClosureReasonLength)
            .OverridePropertyName("closures");
        RuleFor(x => x.SlotLengthMinutes).NotNull().InclusiveBetween(5, 240).OverridePropertyName("slotLengthMinutes").WithName(_ => Messages.Field_SlotLength);
        RuleFor(x => x.OrdersPerSlot).NotNull().InclusiveBetween(1, 1000).OverridePropertyName("ordersPerSlot").WithName(_ => Messages.Field_OrdersPerSlot);
        RuleFor(x => x.LeadTimeMinutes).NotNull().InclusiveBetween(0, 10080).OverridePropertyName("leadTimeMinutes").WithName(_ => Messages.Field_LeadTime);
        RuleFor(x => x.BookingHorizonDays).NotNull().InclusiveBetween(1, 60).OverridePropertyName("bookingHorizonDays").WithName(_ => Messages.Field_BookingHorizon);
        RuleFor(x => x.HoldDays).NotNull().InclusiveBetween(1, 30).OverridePropertyName("holdDays").WithName(_ => Messages.Field_HoldDays);
        RuleFor(x => x.CaptureMode).NotNull().IsInEnum().OverridePropertyName("captureMode").WithName(_ => Messages.Field_CaptureMode);
        RuleFor(x => x.CollectNowMinutes).InclusiveBetween(CollectNowSettings.MinPrepareMinutes, CollectNowSettings.MaxPrepareMinutes)
            .OverridePropertyName("collectNowMinutes").WithName(_ => Messages.Field_CollectNowMinutes);
        RuleFor(x => x.CollectNowPerWindow).InclusiveBetween(1, CollectNowSettings.MaxOrdersPerWindow)
            .OverridePropertyName("collectNowPerWindow").WithName(_ => Messages.Field_CollectNowPerWindow);
        RuleFor(x => x.LegalName == null ? null : x.LegalName.Trim()).MaximumLength(Store.LegalNameMaxLength).OverridePropertyName("legalName").WithName(_ => Messages.Field_LegalName);
        RuleFor(x => x.VatNumber).Must((i, vat) => Store.NormalizeVatNumber(vat) is not { } v || Store.IsVatNumberOf(v, i.CountryCode ?? ""))
            .WithMessage(i => Texts.Format(Messages.Admin_VatNumberFormat, Store.VatPrefix(i.CountryCode ?? "")))
            .When(x => x.CountryCode is { Length: 2 }).OverridePropertyName("vatNumber").WithName(_ => Messages.Field_VatNumber);
    }

    private static bool NotOverlap(IReadOnlyList<OpeningHoursDto>? hours) =>
        hours is null || hours.GroupBy(h => h.Day).All(day =>
        {
            var ordered = day.OrderBy(h => h.Opens).ToList();
            return ordered.Zip(ordered.Skip(1)).All(p => p.First.Closes <= p.Second.Opens);
        });
}

public sealed class CreateStoreValidator : AbstractValidator<CreateStore>
{
    public CreateStoreValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new StoreInputValidator()).OverridePropertyName("");
}

public sealed class UpdateStoreValidator : AbstractValidator<UpdateStore>
{
    public UpdateStoreValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new StoreInputValidator()).OverridePropertyName("");
}

public sealed class StoreAdminHandler(IAppDbContext db, TimeProvider clock, ISender sender, StoreScheduleCache schedules, StoreDirectory directory) :
    ICommandHandler<CreateStore, Result<StoreSaved>>, ICommandHandler<UpdateStore, Result<StoreSaved>>,
    IQueryHandler<ListOrphanedOrders, IReadOnlyList<OrphanedOrder>?>
{
    public async ValueTask<Result<StoreSaved>> Handle(CreateStore command, CancellationToken ct)
    {
        var i = command.Input;
        var code = i.Code!.Trim().ToUpperInvariant();
        if (await db.Stores.AnyAsync(s => s.Code == code, ct)) return Error.Invalid("code", Texts.Format(Messages.Admin_StoreCodeUsed, code));
        var store = new Store(Guid.CreateVersion7(), code, i.Name!, Address(i), new GeoPoint(i.Latitude!.Value, i.Longitude!.Value), i.TimeZone!, Settings(i));
        Apply(store, i);
        db.Stores.Add(store);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "store.create", "Store", store.Id.ToString(), null, Snapshot(store)));
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return new StoreSaved((await sender.Send(new GetStore(store.Id) { FromPrimary = true }, ct))!, []);
    }

    public async ValueTask<Result<StoreSaved>> Handle(UpdateStore command, CancellationToken ct)
    {
        var store = await db.Stores.FirstOrDefaultAsync(s => s.Id == command.Id, ct);
        if (store is null) return Error.NotFound(Messages.NotFound_Store);
        var i = command.Input;
        if (!string.Equals(i.Code!.Trim(), store.Code, StringComparison.OrdinalIgnoreCase))
            return Error.Invalid("code", Messages.Admin_StoreCodeFixed);
        // A kept VAT number must still be one of the store's country when the country changes.
        if (i.VatNumber is null && store.VatNumber is { } kept && !Store.IsVatNumberOf(kept, i.CountryCode!))
            return Error.Invalid("vatNumber", Texts.Format(Messages.Admin_VatNumberFormat, Store.VatPrefix(i.CountryCode!)));
        var before = Snapshot(store);
        store.Update(i.Name!, Address(i), new GeoPoint(i.Latitude!.Value, i.Longitude!.Value), i.TimeZone!);
        Apply(store, i);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "store.update", "Store", store.Id.ToString(), before, Snapshot(store)));
        await db.SaveChangesAsync(ct);
        schedules.Invalidate(store.Id);
        directory.Invalidate();
        return new StoreSaved((await sender.Send(new GetStore(store.Id) { FromPrimary = true }, ct))!, (await Handle(new ListOrphanedOrders(store.Id), ct))!);
    }

    /// <summary>Live orders whose slot is no longer one the store offers under its current schedule.</summary>
    public async ValueTask<IReadOnlyList<OrphanedOrder>?> Handle(ListOrphanedOrders query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null) return null;
        var now = clock.GetUtcNow();
        var live = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == store.Id && o.SlotEnd > now && o.CollectNowWindow == null &&
                        (o.Status == OrderStatus.PendingPayment || o.Status == OrderStatus.Paid || o.Status == OrderStatus.ReadyForPickup))
            .OrderBy(o => o.SlotStart).ToListAsync(ct);
        // Lead time and horizon apply to new bookings, not to orders already placed: check hours and closures only.
        var schedule = new Store(store.Id, store.Code, store.Name, store.Address, store.Location, store.TimeZoneId,
            new PickupSettings(store.Pickup.SlotLengthMinutes, store.Pickup.OrdersPerSlot, 0, 60, store.Pickup.HoldDays, store.Pickup.CaptureMode));
        schedule.SetOpeningHours(store.OpeningHours);
        foreach (var c in store.Closures) schedule.CloseOn(c.Date, c.Reason);
        return live.Where(o => PickupSchedule.Find(schedule, o.SlotStart, o.SlotStart.AddMinutes(-1)) is null)
            .Select(o => new OrphanedOrder(o.Id, o.Number, o.Status.ToString(), o.CustomerName, o.CustomerEmail, TimeZoneInfo.ConvertTime(o.SlotStart, store.TimeZone)))
            .ToList();
    }

    private static void Apply(Store store, StoreInput i)
    {
        store.SetOpeningHours((i.OpeningHours ?? []).Select(h => new OpeningHours(h.Day, h.Opens, h.Closes)));
        foreach (var old in store.Closures.Select(c => c.Date).ToList()) store.ReopenOn(old);
        foreach (var c in i.Closures ?? []) store.CloseOn(c.Date, c.Reason);
        store.ChangePickupSettings(Settings(i));
        store.PausePickup(i.PickupPaused);
        var now = store.CollectNow;
        store.ChangeCollectNow(new CollectNowSettings(i.CollectNow ?? now.Enabled, i.CollectNowMinutes ?? now.PrepareMinutes,
            i.CollectNowPerWindow ?? now.OrdersPerWindow));
        if (i.LegalName is not null || i.VatNumber is not null)
            store.SetTaxIdentity(i.LegalName ?? store.LegalName, i.VatNumber ?? store.VatNumber);
    }

    private static StoreAddress Address(StoreInput i) =>
        new(i.Street!.Trim(), i.PostalCode!.Trim(), i.City!.Trim(), i.CountryCode!.Trim().ToUpperInvariant());

    private static PickupSettings Settings(StoreInput i) =>
        new(i.SlotLengthMinutes!.Value, i.OrdersPerSlot!.Value, i.LeadTimeMinutes!.Value, i.BookingHorizonDays!.Value, i.HoldDays!.Value, i.CaptureMode!.Value);

    private static object Snapshot(Store s) => new
    {
        s.Code, s.Name, s.Address, s.Latitude, s.Longitude, s.TimeZoneId, s.PickupPaused, s.Pickup, s.CollectNow, s.LegalName, s.VatNumber,
        OpeningHours = s.OpeningHours.Select(h => new { h.Day, h.Opens, h.Closes }),
        Closures = s.Closures.Select(c => new { c.Date, c.Reason }),
    };
}
