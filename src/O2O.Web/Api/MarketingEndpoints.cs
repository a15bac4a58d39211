using Mediator;
using O2O.Application.Marketing;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>Marketing consent (ADR 51c): the signed-in shopper's yes or no to offers by email.</summary>
public static class MarketingEndpoints
{
    public sealed record ConsentBody(bool? Given);

    public static void MapMarketingEndpoints(this RouteGroupBuilder v1)
    {
        var me = v1.MapGroup("/me/marketing-consent").WithTags("Account").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        me.MapGet("/", async (HttpContext http, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetMarketingConsent(http.User.ToActor().UserId!), ct)))
            .WithName("GetMyMarketingConsent")
            .WithSummary("Whether the signed-in shopper accepts offers by email: given true or false, when and where they said so; all null if never asked.")
            .Produces<MarketingConsentView>();

        me.MapPut("/", async (ConsentBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new SetMarketingConsent(http.User.ToActor().UserId!, body.Given, ConsentSource.Account), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("SetMyMarketingConsent")
            .WithSummary("Gives (true) or withdraws (false) the signed-in shopper's consent to offers by email; the change is kept in their history.")
            .Produces<MarketingConsentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
