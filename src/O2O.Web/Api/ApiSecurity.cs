using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace O2O.Web.Api;

/// <summary>
/// Who may call an endpoint, as the OpenAPI document declares it. Each alternative is a set of schemes that together
/// suffice; an empty alternative means "anyone". Endpoints that require authorization and say nothing else are
/// <see cref="Bearer"/>; the rest are <see cref="Public"/> unless they say otherwise.
/// </summary>
public sealed record ApiSecurity(IReadOnlyList<IReadOnlyList<string>> Alternatives)
{
    public const string BearerScheme = "bearer";
    public const string OrderTokenScheme = "orderToken";
    public const string StripeSignatureScheme = "stripeSignature";

    public static readonly ApiSecurity Public = new([]);
    public static readonly ApiSecurity Bearer = new([[BearerScheme]]);

    /// <summary>Guests may call it; a signed-in caller's identity is used when a token is sent.</summary>
    public static readonly ApiSecurity OptionalBearer = new([[], [BearerScheme]]);

    /// <summary>The order's own access token, or a signed-in owner (or staff of its store).</summary>
    public static readonly ApiSecurity OrderTokenOrBearer = new([[OrderTokenScheme], [BearerScheme]]);

    public static readonly ApiSecurity StripeSignature = new([[StripeSignatureScheme]]);

    public static readonly IReadOnlyDictionary<string, OpenApiSecurityScheme> Schemes = new Dictionary<string, OpenApiSecurityScheme>
    {
        [BearerScheme] = new()
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The accessToken from POST /api/v1/auth/login (an opaque ASP.NET Core Identity bearer token; refresh by signing in again).",
        },
        [OrderTokenScheme] = new()
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = OrderEndpoints.OrderTokenHeader,
            Description = "The accessToken returned when the order was placed. It opens that one order only.",
        },
        [StripeSignatureScheme] = new()
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Stripe-Signature",
            Description = "Stripe's HMAC-SHA256 signature of the raw body with the webhook secret, with a timestamp no older than five minutes.",
        },
    };
}

public static class ApiSecurityExtensions
{
    public static TBuilder WithSecurity<TBuilder>(this TBuilder builder, ApiSecurity security) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(security);

    /// <summary>Declares the security schemes once and, on every operation, which of them apply (<c>security: []</c> for public ones).</summary>
    public static OpenApiOptions AddSecurityDeclarations(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            foreach (var (name, scheme) in ApiSecurity.Schemes) document.Components.SecuritySchemes[name] = scheme;
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var security = metadata.OfType<ApiSecurity>().LastOrDefault()
                           ?? (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any() ? ApiSecurity.Bearer : ApiSecurity.Public);
            operation.Security = [.. security.Alternatives.Select(schemes => Requirement(schemes, context.Document))];
            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiSecurityRequirement Requirement(IReadOnlyList<string> schemes, OpenApiDocument? document)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes) requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
        return requirement;
    }
}
