using Mediator;
using O2O.Application.Accounts;
using O2O.Web.Infrastructure;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class AccountEndpoints
{
    public sealed record DeleteAccountBody(string? Password);

    public static void MapAccountEndpoints(this RouteGroupBuilder v1)
    {
        var me = v1.MapGroup("/me").WithTags("Account").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        me.MapGet("/data", async (HttpContext http, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new ExportMyData(http.User.ToActor().UserId!), ct), Messages.NotFound_Account))
            .WithName("ExportMyData")
            .WithSummary("Everything held about the signed-in shopper: the account, their orders and the emails sent about them.")
            .Produces<MyData>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapDelete("/", async ([Microsoft.AspNetCore.Mvc.FromBody] DeleteAccountBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new DeleteMyAccount(http.User.ToActor().UserId!, body?.Password), ct);
                return result.IsSuccess ? Results.NoContent() : result.Error!.ToProblem();
            })
            .WithName("DeleteMyAccount")
            .WithSummary("Deletes the signed-in shopper's account after checking their password. Their orders stay, with the personal fields erased.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
