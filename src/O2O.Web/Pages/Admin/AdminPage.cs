using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;

namespace O2O.Web.Pages.Admin;

/// <summary>Shared page plumbing: send a use case, put its field errors beside the fields, or redirect with a message.</summary>
public abstract class AdminPage(ISender sender) : PageModel
{
    protected ISender Sender { get; } = sender;

    protected async Task<T?> TrySendAsync<T>(ICommand<Result<T>> command, CancellationToken ct, string fieldPrefix = "")
    {
        var result = await this.SendOrReportAsync<Result<T>>(Sender, command, ct);
        if (!ModelState.IsValid) return default;
        if (result.Error is { } error)
        {
            if (error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> errors)
                foreach (var (field, messages) in errors) foreach (var m in messages) ModelState.AddModelError(fieldPrefix + field, m);
            else ModelState.AddModelError(string.Empty, error.Message);
            return default;
        }
        return result.Value;
    }

    protected IActionResult Done(string message, string url)
    {
        TempData["Message"] = message;
        return Redirect(url);
    }
}
