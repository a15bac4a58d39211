using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Stores;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class UsersModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public IReadOnlyList<AdminUser> Users { get; private set; } = [];
    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];

    /// <summary>The account an admin asked to disable, shown with what that does before it is done (no script needed).</summary>
    public AdminUser? ConfirmingDisable { get; private set; }

    /// <summary>A role's name as the reader says it; the form still posts the role's own name.</summary>
    public static string RoleText(string role) => role switch
    {
        "Shopper" => AdminTexts.Role_Shopper,
        "Staff" => AdminTexts.Role_Staff,
        "Admin" => AdminTexts.Role_Admin,
        _ => role,
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await Sender.Send(new ListUsers(Search), ct);
        Stores = (await Sender.Send(new ListStores { FromPrimary = true }, ct)).OrderBy(s => s.Code).ToList();
    }

    public async Task<IActionResult> OnPostInviteAsync(string? email, string? name, List<string>? roles, List<Guid>? storeIds, CancellationToken ct)
    {
        var user = await TrySendAsync(new InviteUser(email, name, roles ?? [], storeIds ?? [], $"{Request.Scheme}://{Request.Host}", User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done(string.Format(AdminTexts.Users_Invited, user.Email), "/admin/users");
    }

    public async Task<IActionResult> OnPostAccessAsync(string userId, List<string>? roles, List<Guid>? storeIds, CancellationToken ct)
    {
        var user = await TrySendAsync(new UpdateUserAccess(userId, roles ?? [], storeIds ?? [], User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done(string.Format(AdminTexts.Saved, user.Email), "/admin/users");
    }

    public async Task<IActionResult> OnPostDisableAsync(string userId, bool disabled, bool confirmed, CancellationToken ct)
    {
        if (disabled && !confirmed)
        {
            await OnGetAsync(ct);
            ConfirmingDisable = Users.FirstOrDefault(u => u.Id == userId);
            return ConfirmingDisable is null ? NotFound() : Page();
        }
        var user = await TrySendAsync(new SetUserDisabled(userId, disabled, User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done(string.Format(user.Disabled ? AdminTexts.Users_NowDisabled : AdminTexts.Users_NowEnabled, user.Email), "/admin/users");
    }
}
