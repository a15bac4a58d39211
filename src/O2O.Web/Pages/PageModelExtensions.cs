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

    public static string Format(this MoneyDto money) => money.Currency switch
    {
        "EUR" => $"€{money.Amount / 100m:0.00}",
        _ => $"{money.Amount / 100m:0.00} {money.Currency}",
    };
}
