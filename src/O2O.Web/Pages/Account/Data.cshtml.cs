using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using O2O.Application.Accounts;
using O2O.Infrastructure.Identity;
using O2O.Web.Infrastructure;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Account;

[Authorize(Policy = Policies.SignedInPage)]
public sealed class DataModel(ISender sender, SignInManager<AppUser> signIn, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : PageModel
{
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Confirm { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        if (await sender.Send(new ExportMyData(User.ToActor().UserId!), ct) is not { } data) return NotFound();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(data, new JsonSerializerOptions(json.Value.SerializerOptions) { WriteIndented = true });
        return File(bytes, "application/json", $"o2o-my-data-{data.ExportedAt:yyyy-MM-dd}.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!Confirm) ModelState.AddModelError("confirm", Texts.Data_ConfirmRequired);
        if (!ModelState.IsValid) return Page();
        var result = await this.SendOrReportAsync<O2O.Application.Common.Result<bool>>(sender, new DeleteMyAccount(User.ToActor().UserId!, Password), ct);
        if (!ModelState.IsValid) return Page();
        if (!result.IsSuccess)
        {
            ModelState.AddModelError(result.Error!.Code == "invalid" ? "password" : "", result.Error.Message);
            return Page();
        }
        await signIn.SignOutAsync();
        TempData["Message"] = Texts.Data_Deleted;
        return LocalRedirect("/");
    }
}
