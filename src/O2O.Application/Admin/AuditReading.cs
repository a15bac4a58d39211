using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Stores;

namespace O2O.Application.Admin;

/// <summary>One field an audited change touched, as a person reads it.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>
/// Turns audit entries into what an admin reads, in the reader's language (Audit.resx): what was done, the thing changed
/// by name (a store, a product, an account's email) instead of its id, and the fields that changed instead of two JSON
/// documents. Names are looked up once per page. The entries themselves keep their codes and JSON, which do not depend
/// on who reads them; an action, type or field no text names yet reads as its code made readable.
/// </summary>
public sealed class AuditReading(IAppDbContext db, IUserDirectory users)
{
    private Dictionary<string, string> _names = [];

    public async Task LoadNamesAsync(IReadOnlyList<AuditEntryView> entries, CancellationToken ct)
    {
        var ids = entries.SelectMany(e => e.EntityId.Split('/').Concat(GuidsIn(e.Before)).Concat(GuidsIn(e.After)))
            .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var names = new Dictionary<string, string>();
        foreach (var s in await db.Stores.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            names[s.Id.ToString()] = s.Name;
        foreach (var p in await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.Sku }).ToListAsync(ct))
            names[p.Id.ToString()] = $"{p.Name} ({p.Sku})";
        foreach (var o in await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Number }).ToListAsync(ct))
            names[o.Id.ToString()] = string.Format(CultureInfo.CurrentCulture, Audit.OrderName, o.Number);
        foreach (var p in await db.Promotions.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names[p.Id.ToString()] = p.Name;
        var userIds = entries.Where(e => e.EntityType == "User").Select(e => e.EntityId).Distinct().ToList();
        foreach (var (id, email) in await users.EmailsAsync(userIds, ct)) names[id] = email;
        _names = names;
    }

    /// <summary>"Store stock · Paris Rivoli · Kettle (KTL-1)" rather than two ids.</summary>
    public string Subject(AuditEntryView e) =>
        $"{Text("Entity_" + e.EntityType) ?? Humanize(e.EntityType)} · {string.Join(" · ", e.EntityId.Split('/').Select(Name))}";

    /// <summary>"On hand set" for <c>stock.set</c>, "Short pick" for <c>order.short-pick</c>.</summary>
    public string Action(AuditEntryView e) =>
        Text("Action_" + string.Concat(e.Action.Split('.', '-').Select(Pascal))) ?? e.Action;

    public IReadOnlyList<AuditChange> Changes(AuditEntryView e)
    {
        var before = Parse(e.Before);
        var after = Parse(e.After);
        var fields = (before?.Select(p => p.Key) ?? []).Concat(after?.Select(p => p.Key) ?? []).Distinct();
        return fields
            .Select(f => new AuditChange(FieldName(f), Show(f, before?[f]), Show(f, after?[f])))
            .Where(c => c.Before != c.After)
            .ToList();
    }

    private string Name(string id) => _names.GetValueOrDefault(id, id);

    private string? Show(string field, JsonNode? value) => value switch
    {
        null => null,
        JsonArray a => a.Count == 0 ? Audit.None : string.Join(", ", a.Select(x => Show(field, x))),
        JsonObject o when o["amount"] is JsonValue amount && o["currency"]?.GetValue<string>() is { } currency && amount.TryGetValue<long>(out var minor) =>
            Formats.Money(minor, currency),
        JsonObject o => string.Join(", ", o.Select(p => $"{FieldName(p.Key)} {Show(p.Key, p.Value)}")),
        JsonValue v when v.TryGetValue<string>(out var s) => Name(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? Audit.Yes : Audit.No,
        // Enums are written as numbers: a weekday and a capture mode read as words.
        JsonValue v when v.TryGetValue<int>(out var n) && Is(field, "day") && n is >= 0 and <= 6 =>
            CultureInfo.CurrentCulture.DateTimeFormat.GetDayName((DayOfWeek)n),
        JsonValue v when v.TryGetValue<int>(out var n) && Is(field, "captureMode") && Enum.IsDefined((CaptureMode)n) =>
            (CaptureMode)n == CaptureMode.AtOrder ? Audit.CaptureAtOrder : Audit.CaptureAtHandover,
        JsonValue v when v.TryGetValue<long>(out var n) => Formats.Number(n),
        _ => value.ToJsonString(),
    };

    private static bool Is(string field, string name) => string.Equals(field, name, StringComparison.OrdinalIgnoreCase);

    private static string FieldName(string field) => Text("Field_" + Pascal(field)) ?? Humanize(field);

    private static string? Text(string key) => Audit.ResourceManager.GetString(key, CultureInfo.CurrentUICulture);

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static JsonObject? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(json) };
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject { ["value"] = json };
        }
    }

    private static IEnumerable<string> GuidsIn(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.RegularExpressions.Regex.Matches(json, "[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}").Select(m => m.Value);

    /// <summary>"storeCodes" and "OnHand" read as "Store codes" and "On hand".</summary>
    private static string Humanize(string name)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
