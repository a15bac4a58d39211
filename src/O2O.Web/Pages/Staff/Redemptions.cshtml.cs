using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Web.Infrastructure;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

/// <summary>The desk redeems a code for a till sale and voids it (ADR 54): the same use cases as the point of sale's API.</summary>
public sealed class RedemptionsModel(ISender sender) : PageModel
{
    public CounterDay Day { get; private set; } = null!;
    public CounterRedemptionState? Redeemed { get; private set; }
    public string? Code { get; private set; }
    public string? Subtotal { get; private set; }
    public string? Reference { get; private set; }

    /// <summary>An amount as the clerk types it in this currency ("12.50"), for the field's help.</summary>
    public string Example => (1250m / 100m).ToString(CurrencyUnits.Decimals(Day.StoreCurrency) == 0 ? "0" : "0.00", CultureInfo.CurrentCulture);

    public async Task<IActionResult> OnGetAsync(Guid storeId, Guid? redemption, CancellationToken ct)
    {
        if (!await LoadAsync(storeId, ct)) return NotFound();
        if (redemption is { } id) Redeemed = await sender.Send(new GetCounterRedemption(storeId, id, User.ToActor()), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid storeId, string? code, string? subtotal, string? reference, CancellationToken ct)
    {
        (Code, Subtotal, Reference) = (code, subtotal, reference);
        if (!await LoadAsync(storeId, ct)) return NotFound();
        var amount = CurrencyUnits.ToMinor(subtotal, Day.StoreCurrency);
        if (string.IsNullOrWhiteSpace(subtotal)) ModelState.AddModelError("subtotal", Messages.Counter_SubtotalRequired);
        else if (amount is null) ModelState.AddModelError("subtotal", string.Format(StaffText.Counter_SubtotalInvalid, Example));
        else if (amount is <= 0 or > RedeemAtCounterValidator.MaxSubtotal)
            ModelState.AddModelError("subtotal", string.Format(StaffText.Counter_SubtotalTooLarge, Formats.Money(RedeemAtCounterValidator.MaxSubtotal, Day.StoreCurrency)));
        if (!ModelState.IsValid) return Page();

        var result = await this.SendOrReportAsync<Result<CounterRedemption>>(sender,
            new RedeemAtCounter(storeId, code, amount, Day.StoreCurrency, reference?.Trim(), User.ToActor(), PromoAttemptEdge.ClientOf(HttpContext, "desk")), ct);
        if (!ModelState.IsValid)
        {
            var errors = ModelState.SelectMany(e => e.Value!.Errors.Select(x => (e.Key, x.ErrorMessage))).ToList();
            ModelState.Clear();
            foreach (var (field, message) in errors) ModelState.AddModelError(FormField(field), message);
            return Page();
        }
        if (result.Error is { Kind: ErrorKind.NotFound }) return NotFound();
        if (result.Error is { } error)
        {
            if (error.Code == PromoAttemptEdge.ExceededCode)
            {
                // Said in words beside the field, and in the status and header for anything that reads them.
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = PromoAttemptEdge.RetryAfterSeconds(error).ToString(CultureInfo.InvariantCulture);
            }
            foreach (var (field, message) in FieldErrors(error)) ModelState.AddModelError(field, message);
            return Page();
        }
        return RedirectToPage(new { storeId, redemption = result.Value!.RedemptionId });
    }

    public async Task<IActionResult> OnPostVoidAsync(Guid storeId, Guid redemptionId, CancellationToken ct)
    {
        var result = await sender.Send(new VoidCounterRedemption(storeId, redemptionId, User.ToActor()), ct);
        if (result.Error is { Kind: ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = result.IsSuccess
            ? string.Format(StaffText.Counter_VoidDone, result.Value!.Redemption.ExternalReference)
            : result.Error!.Message;
        return RedirectToPage(new { storeId });
    }

    private async Task<bool> LoadAsync(Guid storeId, CancellationToken ct)
    {
        var day = await sender.Send(new ListCounterRedemptions(storeId, User.ToActor()), ct);
        if (day is null) return false;
        Day = day;
        return true;
    }

    /// <summary>The use case names the API's fields; the form has three.</summary>
    private static string FormField(string field) => field switch
    {
        "code" => "code",
        "externalReference" => "reference",
        _ when field.StartsWith("subtotal", StringComparison.Ordinal) => "subtotal",
        _ => "",
    };

    private static IEnumerable<(string Field, string Message)> FieldErrors(Error error) =>
        error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> fields
            ? fields.SelectMany(f => f.Value.Select(m => (FormField(f.Key), m)))
            : [(error.Code == "external_reference_reused" ? "reference" : "code", error.Message)];
}
