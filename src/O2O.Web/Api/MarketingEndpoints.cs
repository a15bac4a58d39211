using Mediator;
using O2O.Application.Marketing;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>Marketing consent (ADR 55): the signed-in shopper's yes or no to offers by email; the admin's campaigns.</summary>
public static class MarketingEndpoints
{
    public sealed record ConsentBody(bool? Given);

    public sealed record CampaignBody(string? Name, Guid? PromotionId, Guid? StoreId, int? RadiusKm);

    /// <summary>Where the emails' unsubscribe links point: the site the admin is using, as the staff invitation does.</summary>
    public static string SiteBaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

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

        var admin = v1.MapGroup("/admin/campaigns").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListCampaigns(), ct)))
            .WithName("AdminListCampaigns")
            .WithSummary("The campaigns, newest first, with how many shoppers each reached.")
            .Produces<IReadOnlyList<CampaignView>>();

        admin.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetCampaign(id), ct), O2O.Application.Localization.Messages.NotFound_Campaign))
            .WithName("AdminGetCampaign")
            .WithSummary("One campaign.")
            .Produces<CampaignView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/", async (CampaignBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CreateCampaign(body.Name, body.PromotionId, body.StoreId, body.RadiusKm, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Created($"/api/v1/admin/campaigns/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("AdminCreateCampaign")
            .WithSummary("Prepares a campaign: its name, the single-use promotion whose codes it hands out, and optionally a store and a radius in km around it (shoppers whose store is that near).")
            .Produces<CampaignView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        admin.MapPost("/{id:guid}/send", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new SendCampaign(id, SiteBaseUrl(http.Request), http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("AdminSendCampaign")
            .WithSummary("Emails each shopper who accepts offers now their own single-use code; sending again sends nobody a second email, and completes a send that was cut short.")
            .Produces<CampaignSent>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
