using System.Diagnostics;
using System.Text.Json.Nodes;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document tells a generated client who may call each operation, and passes Redocly's recommended
/// rules. The document is written to artifacts/openapi/v1.json, where CI lints it again as its own step.
/// </summary>
public sealed class OpenApiDocumentTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonNode> DocumentAsync() => await App.CreateClient().GetJsonAsync("/openapi/v1.json");

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from method in Methods
        let operation = path.Value![method]
        where operation is not null
        select (path.Key, method, operation);

    private static string[][] Security(JsonNode operation) =>
        [.. operation["security"]!.AsArray().Select(r => r!.AsObject().Select(s => s.Key).Order().ToArray())];

    [Fact]
    public async Task EveryOperation_DeclaresWhoMayCallIt()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        schemes["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        schemes["orderToken"]!["name"]!.GetValue<string>().ShouldBe("X-Order-Token");
        schemes["stripeSignature"]!["name"]!.GetValue<string>().ShouldBe("Stripe-Signature");
        var operations = Operations(document).ToList();
        operations.Count.ShouldBeGreaterThan(30);
        operations.Where(o => o.Operation["security"] is not JsonArray).Select(o => $"{o.Method} {o.Path}").ShouldBeEmpty();
        operations.Where(o => string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>())).Select(o => $"{o.Method} {o.Path}").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheDeclaredSchemes_MatchWhatTheEndpointsEnforce()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => $"{o.Method} {o.Path}", o => Security(o.Operation));

        operations["get /api/v1/products"].ShouldBeEmpty();
        operations["post /api/v1/auth/login"].ShouldBeEmpty();
        operations["post /api/v1/orders"].ShouldBe([[], ["bearer"]]);
        operations["get /api/v1/orders/{id}"].ShouldBe([["orderToken"], ["bearer"]]);
        operations["post /api/v1/orders/{id}/cancel"].ShouldBe([["orderToken"], ["bearer"]]);
        operations["post /api/v1/payments/stripe/webhook"].ShouldBe([["stripeSignature"]]);
        operations["post /api/v1/staff/orders/{id}/ready"].ShouldBe([["bearer"]]);
        operations.Where(o => o.Key.Contains("/admin/", StringComparison.Ordinal)).ShouldAllBe(o => o.Value.Length == 1 && o.Value[0].SequenceEqual(new[] { "bearer" }));
    }

    [Fact]
    public async Task TheDocument_PassesRedoclysRecommendedRules()
    {
        var root = RepositoryRoot();
        var exported = Path.Combine(root, "artifacts", "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(exported)!);
        await File.WriteAllTextAsync(exported, (await DocumentAsync()).ToJsonString());
        var lint = Path.Combine(root, "tools", "openapi-lint");
        var redocly = Path.Combine(lint, "node_modules", ".bin", "redocly");
        File.Exists(redocly).ShouldBeTrue($"Run `npm ci` in {lint} (.ci/run does it) to install the linter.");

        using var process = Process.Start(new ProcessStartInfo(redocly, ["lint", "--config", Path.Combine(lint, "redocly.yaml"), "--format", "stylish", exported])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = lint,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, await output + await errors);
        System.Text.RegularExpressions.Regex.IsMatch(await output, @"\d+:\d+\s+warning").ShouldBeFalse(await output);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "O2O.sln"))) return dir.FullName;
        throw new InvalidOperationException("O2O.sln not found above the test binaries.");
    }
}
