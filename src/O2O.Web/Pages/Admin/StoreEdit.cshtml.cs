using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Stores;
using O2O.Domain.Stores;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class StoreEditModel(ISender sender) : AdminPage(sender)
{
    [BindProperty] public StoreForm Form { get; set; } = new();

    public Guid? Id { get; private set; }
    public IReadOnlyList<OrphanedOrder> Orphans { get; private set; } = [];
    public DayOfWeek[] Week { get; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The form as typed: hours and closures are text, parsed into the use case's input on post.</summary>
    public sealed class StoreForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Street { get; set; }
        public string? PostalCode { get; set; }
        public string? City { get; set; }
        public string? CountryCode { get; set; }
        public string? Latitude { get; set; }
        public string? Longitude { get; set; }
        public string? TimeZone { get; set; } = "Europe/Paris";
        public string?[] Hours { get; set; } = new string?[7];
        public string? Closures { get; set; }
        public string? SlotLengthMinutes { get; set; } = "30";
        public string? OrdersPerSlot { get; set; } = "6";
        public string? LeadTimeMinutes { get; set; } = "60";
        public string? BookingHorizonDays { get; set; } = "7";
        public string? HoldDays { get; set; } = "3";
        public string? CaptureMode { get; set; } = "AtOrder";
        public bool PickupPaused { get; set; }
        public bool CollectNow { get; set; }
        public string? CollectNowMinutes { get; set; } = "15";
        public string? CollectNowPerWindow { get; set; } = "4";
        public string? LegalName { get; set; }
        public string? VatNumber { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is null) return Page();
        var store = await Sender.Send(new GetStore(id.Value) { FromPrimary = true }, ct);
        if (store is null) return NotFound();
        Id = id;
        Form = FromStore(store);
        Orphans = await Sender.Send(new ListOrphanedOrders(id.Value), ct) ?? [];
        ReturnWindowDays = (await Sender.Send(new GetStoreReturnWindow(id.Value), ct))?.ReturnWindowDays.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    /// <summary>The store's return window, as typed; set on its own form (ADR 47).</summary>
    public string? ReturnWindowDays { get; private set; }

    public async Task<IActionResult> OnPostReturnWindowAsync(Guid id, string? returnWindowDays, CancellationToken ct)
    {
        var days = Int(returnWindowDays, "returnWindowDays");
        var saved = ModelState.IsValid ? await TrySendAsync(new SetStoreReturnWindow(id, days, User.ToActor()), ct) : null;
        if (saved is not null) return Done(AdminTexts.Store_ReturnWindowSaved, $"/admin/stores/edit/{id}");
        var page = await OnGetAsync(id, ct);
        ReturnWindowDays = returnWindowDays;
        return page;
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var input = ToInput();
        if (!ModelState.IsValid) return Page();
        var saved = id is { } existing
            ? await TrySendAsync(new UpdateStore(existing, input, User.ToActor()), ct)
            : await TrySendAsync(new CreateStore(input, User.ToActor()), ct);
        if (saved is null) return Page();
        var orphans = saved.OrdersOutsideNewSchedule.Count;
        return Done(orphans == 0 ? AdminTexts.Store_Saved : Plural.Format(AdminTexts.ResourceManager, nameof(AdminTexts.Store_SavedWithOrphans_other), orphans),
            $"/admin/stores/edit/{saved.Store.Id}");
    }

    private StoreInput ToInput()
    {
        var hours = new List<OpeningHoursDto>();
        for (var d = 0; d < 7; d++)
            foreach (var range in (Form.Hours.ElementAtOrDefault(d) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = range.Split('-', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && TimeOnly.TryParse(parts[0], CultureInfo.InvariantCulture, out var opens) && TimeOnly.TryParse(parts[1], CultureInfo.InvariantCulture, out var closes))
                    hours.Add(new OpeningHoursDto((DayOfWeek)d, opens, closes));
                else ModelState.AddModelError("openingHours", string.Format(AdminTexts.Store_HoursInvalid, AdminFormats.DayName((DayOfWeek)d), range));
            }
        var closures = new List<ClosureDto>();
        foreach (var line in (Form.Closures ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var date = line.Split(' ', 2)[0];
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                closures.Add(new ClosureDto(day, line.Length > 10 ? line[10..].Trim() : AdminTexts.Store_ClosedReason));
            else ModelState.AddModelError("closures", string.Format(AdminTexts.Store_ClosureInvalid, line));
        }
        return new StoreInput(Form.Code, Form.Name, Form.Street, Form.PostalCode, Form.City, Form.CountryCode,
            Number(Form.Latitude, "latitude"), Number(Form.Longitude, "longitude"), Form.TimeZone, hours, closures,
            Int(Form.SlotLengthMinutes, "slotLengthMinutes"), Int(Form.OrdersPerSlot, "ordersPerSlot"), Int(Form.LeadTimeMinutes, "leadTimeMinutes"),
            Int(Form.BookingHorizonDays, "bookingHorizonDays"), Int(Form.HoldDays, "holdDays"),
            Enum.TryParse<CaptureMode>(Form.CaptureMode, out var mode) ? mode : null, Form.PickupPaused)
        {
            CollectNow = Form.CollectNow,
            CollectNowMinutes = Int(Form.CollectNowMinutes, "collectNowMinutes"),
            CollectNowPerWindow = Int(Form.CollectNowPerWindow, "collectNowPerWindow"),
            // The page always shows both fields, so an empty one means "clear", not "keep".
            LegalName = Form.LegalName ?? "",
            VatNumber = Form.VatNumber ?? "",
        };
    }

    private double? Number(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        ModelState.AddModelError(field, AdminTexts.Store_EnterNumber);
        return null;
    }

    private int? Int(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text, out var value)) return value;
        ModelState.AddModelError(field, AdminTexts.Store_EnterWholeNumber);
        return null;
    }

    private static StoreForm FromStore(StoreDetails s)
    {
        var form = new StoreForm
        {
            Code = s.Code, Name = s.Name, Street = s.Address.Street, PostalCode = s.Address.PostalCode, City = s.Address.City,
            CountryCode = s.Address.CountryCode, Latitude = s.Latitude.ToString(CultureInfo.InvariantCulture),
            Longitude = s.Longitude.ToString(CultureInfo.InvariantCulture), TimeZone = s.TimeZone,
            Closures = string.Join("\n", s.Closures.Select(c => $"{c.Date:yyyy-MM-dd} {c.Reason}")),
            SlotLengthMinutes = s.Pickup.SlotLengthMinutes.ToString(CultureInfo.InvariantCulture), OrdersPerSlot = s.Pickup.OrdersPerSlot.ToString(CultureInfo.InvariantCulture),
            LeadTimeMinutes = s.Pickup.LeadTimeMinutes.ToString(CultureInfo.InvariantCulture), BookingHorizonDays = s.Pickup.BookingHorizonDays.ToString(CultureInfo.InvariantCulture),
            HoldDays = s.Pickup.HoldDays.ToString(CultureInfo.InvariantCulture), CaptureMode = s.Pickup.CaptureMode.ToString(), PickupPaused = s.Pickup.Paused,
            CollectNow = s.CollectNow.Enabled, CollectNowMinutes = s.CollectNow.PrepareMinutes.ToString(CultureInfo.InvariantCulture),
            CollectNowPerWindow = s.CollectNow.OrdersPerWindow.ToString(CultureInfo.InvariantCulture),
            LegalName = s.LegalName, VatNumber = s.VatNumber,
        };
        for (var d = 0; d < 7; d++)
            form.Hours[d] = string.Join(", ", s.OpeningHours.Where(h => (int)h.Day == d).OrderBy(h => h.Opens).Select(h => $"{h.Opens:HH\\:mm}-{h.Closes:HH\\:mm}"));
        return form;
    }
}
