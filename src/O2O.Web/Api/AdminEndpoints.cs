using Mediator;
using O2O.Application.Diagnostics;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin").WithTags("Admin").RequireAuthorization(Policies.Admin);

        admin.MapGet("/invariants", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new CheckInvariants(), ct)))
            .WithName("CheckInvariants")
            .WithSummary("Reserved stock equals live holds, and booked slot places equal the orders in each slot. Lists what disagrees.")
            .Produces<InvariantReport>();
    }
}
