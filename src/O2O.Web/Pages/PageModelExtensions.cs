using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;

namespace O2O.Web.Pages;

public static class PageModelExtensions
{
    /// <summary>Sends a use case from a page; invalid input lands in ModelState next to its field instead of throwing.</summary>
    public static async Task<T?> SendOrReportAsync<T>(this PageModel page, ISender sender, IMessage request, CancellationToken ct)
    {
        try
        {
            return (T?)await sender.Send((object)request, ct);
        }
        catch (ValidationException ex)
        {
            foreach (var e in ex.Errors) page.ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
            return default;
        }
    }

    /// <summary>The amount in the reader's culture, with its currency's own decimals.</summary>
    public static string Format(this MoneyDto money) => O2O.Application.Localization.Formats.Money(money);
}
