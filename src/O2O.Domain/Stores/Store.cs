using O2O.Domain.Common;

namespace O2O.Domain.Stores;

public sealed class Store
{
    public const int CodeMaxLength = 16;
    public const int DefaultReturnWindowDays = 30;
    public const int MaxReturnWindowDays = 365;

    private readonly List<OpeningHours> _openingHours = [];
    private readonly List<StoreClosure> _closures = [];

    private Store() { }

    public Store(Guid id, string code, string name, StoreAddress address, GeoPoint location, string timeZoneId,
        PickupSettings pickup)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > CodeMaxLength)
            throw new DomainException($"A store code is 1 to {CodeMaxLength} characters.");
        Id = id;
        Code = code.Trim().ToUpperInvariant();
        Update(name, address, location, timeZoneId);
        Pickup = pickup;
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public StoreAddress Address { get; private set; } = null!;
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public string TimeZoneId { get; private set; } = "";
    public PickupSettings Pickup { get; private set; } = PickupSettings.Default;
    public bool PickupPaused { get; private set; }
    /// <summary>Days after collection in which this store's counter takes items back.</summary>
    public int ReturnWindowDays { get; private set; } = DefaultReturnWindowDays;
    public CollectNowSettings CollectNow { get; private set; } = CollectNowSettings.Default;
    /// <summary>The company that sells here and its VAT number, as the receipt names them (optional until an admin sets them).</summary>
    public string? LegalName { get; private set; }
    public string? VatNumber { get; private set; }
    public IReadOnlyList<OpeningHours> OpeningHours => _openingHours;
    public IReadOnlyList<StoreClosure> Closures => _closures;

    public GeoPoint Location => new(Latitude, Longitude);
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public void Update(string name, StoreAddress address, GeoPoint location, string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("A store needs a name.");
        if (location.Latitude is < -90 or > 90 || location.Longitude is < -180 or > 180)
            throw new DomainException("Coordinates are out of range.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _))
            throw new DomainException($"'{timeZoneId}' is not a known IANA time zone.");
        Name = name.Trim();
        Address = address;
        Latitude = location.Latitude;
        Longitude = location.Longitude;
        TimeZoneId = timeZoneId;
    }

    public const int LegalNameMaxLength = 200;
    public const int VatNumberMaxLength = 20;

    /// <summary>Blank clears a value. The VAT number must be one of this store's country (ADR 46).</summary>
    public void SetTaxIdentity(string? legalName, string? vatNumber)
    {
        legalName = string.IsNullOrWhiteSpace(legalName) ? null : legalName.Trim();
        vatNumber = NormalizeVatNumber(vatNumber);
        if (legalName is { Length: > LegalNameMaxLength }) throw new DomainException($"A legal name is at most {LegalNameMaxLength} characters.");
        if (vatNumber is not null && !IsVatNumberOf(vatNumber, Address.CountryCode))
            throw new DomainException($"A VAT number here starts with {VatPrefix(Address.CountryCode)}, then 2 to 13 letters or digits.");
        LegalName = legalName;
        VatNumber = vatNumber;
    }

    /// <summary>Spaces and dots are how people print VAT numbers, not part of them.</summary>
    public static string? NormalizeVatNumber(string? vatNumber) =>
        string.IsNullOrWhiteSpace(vatNumber) ? null
            : vatNumber.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>The EU's prefix for a country: its ISO code, except Greece, which VIES knows as EL.</summary>
    public static string VatPrefix(string countryCode)
    {
        var code = countryCode.Trim().ToUpperInvariant();
        return code == "GR" ? "EL" : code;
    }

    /// <summary>Form only (prefix, then 2 to 13 letters or digits); whether the number exists is for VIES, not for us.</summary>
    public static bool IsVatNumberOf(string normalized, string countryCode)
    {
        var prefix = VatPrefix(countryCode);
        var rest = normalized.Length - prefix.Length;
        return prefix.Length == 2 && normalized.StartsWith(prefix, StringComparison.Ordinal) && rest is >= 2 and <= 13 &&
               normalized[prefix.Length..].All(char.IsAsciiLetterOrDigit);
    }

    public void SetOpeningHours(IEnumerable<OpeningHours> hours)
    {
        var list = hours.OrderBy(h => h.Day).ThenBy(h => h.Opens).ToList();
        for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
                if (list[i].Overlaps(list[j]))
                    throw new DomainException($"Opening hours on {list[i].Day} overlap.");
        _openingHours.Clear();
        _openingHours.AddRange(list);
    }

    public void CloseOn(DateOnly date, string reason)
    {
        if (_closures.Any(c => c.Date == date)) return;
        _closures.Add(new StoreClosure(date, string.IsNullOrWhiteSpace(reason) ? "Closed" : reason.Trim()));
    }

    public void ReopenOn(DateOnly date) => _closures.RemoveAll(c => c.Date == date);

    public void ChangePickupSettings(PickupSettings settings) => Pickup = settings;

    public void PausePickup(bool paused) => PickupPaused = paused;

    /// <summary>0 means the store takes nothing back.</summary>
    public void SetReturnWindow(int days)
    {
        if (days is < 0 or > MaxReturnWindowDays) throw new DomainException($"A return window is 0 to {MaxReturnWindowDays} days.");
        ReturnWindowDays = days;
    }

    public void ChangeCollectNow(CollectNowSettings settings) => CollectNow = settings;

    /// <summary>The opening range the store is in at <paramref name="now"/>, as UTC instants; null when it is closed.</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes)? OpenRangeAt(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (IsClosedOn(date)) return null;
        var time = TimeOnly.FromDateTime(local.DateTime);
        var range = _openingHours.FirstOrDefault(h => h.Day == date.DayOfWeek && h.Opens <= time && time < h.Closes);
        if (range is null) return null;
        return (global::O2O.Domain.Pickup.PickupSchedule.LocalToUtc(date.ToDateTime(range.Opens), TimeZone, preferEarlier: true),
                global::O2O.Domain.Pickup.PickupSchedule.LocalToUtc(date.ToDateTime(range.Closes), TimeZone, preferEarlier: false));
    }

    public bool IsClosedOn(DateOnly localDate) => _closures.Any(c => c.Date == localDate);

    public bool IsOpenOn(DateOnly localDate) =>
        !IsClosedOn(localDate) && _openingHours.Any(h => h.Day == localDate.DayOfWeek);

    public DateOnly LocalToday(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);
}

public sealed record StoreAddress(string Street, string PostalCode, string City, string CountryCode);
