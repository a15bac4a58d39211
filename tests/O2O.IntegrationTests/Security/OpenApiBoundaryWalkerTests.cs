using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>
/// Reads the API's own OpenAPI document and calls every operation, anonymous and as an admin, with boundary values in
/// every path and query parameter and every body property: int extremes, far dates, empty and huge strings, nulls,
/// null array elements, wrong types, bodies that are empty, not JSON or sent without a content type. Bad input is the
/// caller's fault, so no answer may be a 5xx, and no 400 may name a .NET type.
/// </summary>
public sealed partial class OpenApiBoundaryWalkerTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private Store _store = null!;
    private Product _product = null!;
    private string _orderId = "";
    private string _lineId = "";
    private string _staffUserId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync("WALK1");
        _product = await App.ProductAsync("WALKER", 1500);
        await App.StockAsync(_store, _product, 1000);
        await App.UserAsync("walker-admin@o2o.test", Roles.Admin);
        _staffUserId = await App.UserAsync("walker-staff@o2o.test", Roles.Staff, _store);
        var (id, _) = await App.PaidOrderAsync(_store, (_product, 1));
        _orderId = id;
        _lineId = (await App.WithDbAsync(db => Task.FromResult(db.Orders.Where(o => o.Id == Guid.Parse(id)).SelectMany(o => o.Lines).Select(l => l.Id).First()))).ToString();
    }

    [Fact]
    public async Task EveryOperation_AnswersBelow500_ForBoundaryValuesInEveryParameterAndBodyProperty()
    {
        var anonymous = App.CreateClient();
        var document = await anonymous.GetJsonAsync("/openapi/v1.json");
        var operations = Operations(document).ToList();

        // The document must list every API endpoint the app maps (bar the ones deliberately left out of it), so the
        // walk below cannot silently skip a route that was never described.
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("/api/docs", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            .Count();
        operations.Count.ShouldBe(mapped, "every mapped API endpoint is in the OpenAPI document");
        operations.Count.ShouldBeGreaterThanOrEqualTo(39); // the operations the API had when this walker was written

        var admin = App.CreateClient().As(await App.CreateClient().BearerTokenAsync("walker-admin@o2o.test"));
        var failures = new List<string>();
        var exercised = new HashSet<string>();
        var requests = 0;
        foreach (var op in operations)
        {
            foreach (var call in Calls(document, op))
            {
                foreach (var (who, client) in new[] { ("anonymous", anonymous), ("admin", admin) })
                {
                    using var request = call.ToRequest();
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    requests++;
                    exercised.Add($"{op.Method} {op.Path}");
                    // An event stream (the live board's) never ends: its status and headers are the whole answer.
                    var text = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
                    // A refusal speaks the caller's terms: no .NET type of ours or the framework's in it.
                    if ((int)response.StatusCode >= 500 || (response.StatusCode == HttpStatusCode.BadRequest && InternalTypeName().IsMatch(text)))
                        failures.Add($"{(int)response.StatusCode} {who} {op.Method.ToUpperInvariant()} {call.Url} [{call.What}]: " + Truncate(text));
                }
            }
        }

        exercised.Count.ShouldBe(operations.Count, "every operation in the document was called");
        requests.ShouldBeGreaterThan(operations.Count * 10);
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures.Take(60)));
    }

    private sealed record Operation(string Path, string Method, JsonObject Node);

    private sealed record Call(string Method, string Url, string What, string? Body, string? ContentType, bool Multipart = false, byte[]? File = null)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Multipart)
            {
                var form = new MultipartFormDataContent();
                if (File is not null)
                {
                    var file = new ByteArrayContent(File);
                    form.Add(file, "image", "walk.bin");
                    var same = new ByteArrayContent(File);
                    form.Add(same, "file", "walk.csv");
                }
                request.Content = form;
            }
            else if (Body is not null)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
                request.Content = content;
            }
            return request;
        }
    }

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var method in Methods)
                if (item![method] is JsonObject op)
                    yield return new Operation(path, method, op);
    }

    private IEnumerable<Call> Calls(JsonNode document, Operation op)
    {
        var parameters = (op.Node["parameters"]?.AsArray() ?? []).Select(p => Resolve(document, p!)).ToList();
        // Optional query parameters are left out of the normal call, so each boundary value meets the defaults a client gets.
        var normal = parameters.ToDictionary(p => p["name"]!.GetValue<string>(), p => p["in"]!.GetValue<string>() == "path" || p["required"]?.GetValue<bool>() == true
            ? NormalValue(p["name"]!.GetValue<string>(), op.Path, Resolve(document, p["schema"]!))
            : null);
        var bodySchema = op.Node["requestBody"]?["content"]?["application/json"]?["schema"] is { } s ? Resolve(document, s) : null;
        var multipart = op.Node["requestBody"]?["content"]?["multipart/form-data"] is not null;
        var normalBody = bodySchema is null ? null : NormalJson(document, bodySchema, "", 0);

        Call Make(IReadOnlyDictionary<string, string?> values, string what, string? body, string? contentType = "application/json", bool asForm = false, byte[]? file = null)
        {
            var url = op.Path;
            var query = new List<string>();
            foreach (var p in parameters)
            {
                var name = p["name"]!.GetValue<string>();
                var value = values[name];
                switch (p["in"]!.GetValue<string>())
                {
                    case "path": url = url.Replace("{" + name + "}", Uri.EscapeDataString(value ?? ""), StringComparison.Ordinal); break;
                    case "query" when value is not null: query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}"); break;
                }
            }
            if (query.Count > 0) url += "?" + string.Join('&', query);
            return new Call(op.Method.ToUpperInvariant(), url, what, body, contentType, asForm || multipart, file);
        }

        var normalBodyText = normalBody?.ToJsonString();
        yield return Make(normal, "normal values", normalBodyText);

        foreach (var p in parameters)
        {
            var name = p["name"]!.GetValue<string>();
            if (p["in"]!.GetValue<string>() is not ("path" or "query")) continue;
            foreach (var value in BoundaryStrings(Resolve(document, p["schema"]!), p["in"]!.GetValue<string>() == "path"))
            {
                var values = new Dictionary<string, string?>(normal) { [name] = value };
                yield return Make(values, $"{name}={Truncate(value ?? "(absent)", 40)}", normalBodyText);
            }
        }

        if (multipart)
        {
            yield return Make(normal, "no file", null, asForm: true);
            yield return Make(normal, "empty file", null, asForm: true, file: []);
            yield return Make(normal, "garbage file", null, asForm: true, file: Encoding.UTF8.GetBytes("storeCode,sku,onHand\n\0\0\u00ff,,2147483648\n"));
        }

        if (bodySchema is null) yield break;
        foreach (var (what, body, contentType) in new (string, string?, string?)[]
                 {
                     ("empty body", "", "application/json"), ("JSON null", "null", "application/json"), ("empty object", "{}", "application/json"),
                     ("array instead of object", "[]", "application/json"), ("malformed JSON", "{\"a\":", "application/json"),
                     ("no content type", normalBodyText, null), ("text/plain", normalBodyText, "text/plain"),
                 })
            yield return Make(normal, what, body, contentType);

        foreach (var (location, value) in BodyVariants(document, bodySchema, normalBody!))
            yield return Make(normal, $"body {location}", value.ToJsonString());
    }

    private IEnumerable<(string Location, JsonNode Body)> BodyVariants(JsonNode document, JsonNode schema, JsonNode normalBody)
    {
        foreach (var (path, propertySchema) in Properties(document, schema, "", 0))
            foreach (var boundary in BoundaryJson(document, propertySchema))
            {
                var copy = normalBody.DeepClone();
                if (Set(copy, path, boundary)) yield return ($"{path}={Truncate(boundary?.ToJsonString() ?? "null", 40)}", copy);
            }
    }

    private static IEnumerable<(string Path, JsonNode Schema)> Properties(JsonNode document, JsonNode schema, string prefix, int depth)
    {
        schema = Resolve(document, schema);
        if (depth > 3) yield break;
        if (schema["properties"] is JsonObject properties)
            foreach (var (name, property) in properties)
            {
                var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                var resolved = Resolve(document, property!);
                yield return (path, resolved);
                foreach (var inner in Properties(document, resolved, path, depth + 1)) yield return inner;
                if (resolved["items"] is { } items)
                    foreach (var inner in Properties(document, items, path + "[0]", depth + 1)) yield return inner;
            }
    }

    /// <summary>Sets "a.b[0].c" in a JSON tree; false when the path does not exist in the normal body.</summary>
    private static bool Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode? node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var index = -1;
            if (part.EndsWith("[0]", StringComparison.Ordinal)) { part = part[..^3]; index = 0; }
            var last = i == parts.Length - 1;
            if (node is not JsonObject obj) return false;
            if (last && index < 0) { obj[part] = value; return true; }
            node = obj[part];
            if (index >= 0)
            {
                if (node is not JsonArray array || array.Count == 0) return false;
                if (last) { array[0] = value; return true; }
                node = array[0];
            }
        }
        return false;
    }

    private static JsonNode Resolve(JsonNode document, JsonNode node)
    {
        for (var i = 0; i < 10 && node["$ref"] is { } reference; i++)
        {
            var target = document;
            foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/')) target = target![part]!;
            node = target!;
        }
        // OpenAPI 3.1 nullable: oneOf [null, {...}]
        if (node["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(o => Resolve(document, o!)["type"]?.ToString() != "null") is { } first)
            return Resolve(document, first);
        return node;
    }

    private static string TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).Where(t => t is not "null").OrderBy(t => t == "string" ? 1 : 0).FirstOrDefault() ?? "string",
        JsonValue type => type.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : "string",
    };

    private string NormalValue(string name, string path, JsonNode schema) => (TypeOf(schema), schema["format"]?.GetValue<string>()) switch
    {
        (_, "uuid") => GuidFor(name, path),
        (_, "date") => "2026-03-11",
        (_, "date-time") => "2026-03-11T10:00:00Z",
        ("integer", _) => "1",
        ("number", _) => "1",
        ("boolean", _) => "true",
        _ when name == "id" && path.Contains("/users/", StringComparison.Ordinal) => _staffUserId,
        _ => "a",
    };

    /// <summary>Real ids where the name says what they are, so the boundary values reach the use case behind the route.</summary>
    private string GuidFor(string name, string path) => name switch
    {
        "storeId" => _store.Id.ToString(),
        "productId" => _product.Id.ToString(),
        "orderId" => _orderId,
        "lineId" => _lineId,
        "id" when path.Contains("/stores/", StringComparison.Ordinal) => _store.Id.ToString(),
        "id" when path.Contains("/products/", StringComparison.Ordinal) => _product.Id.ToString(),
        "id" when path.Contains("/orders/", StringComparison.Ordinal) => _orderId,
        _ => Guid.NewGuid().ToString(),
    };

    private JsonNode? NormalJson(JsonNode document, JsonNode schema, string name, int depth)
    {
        schema = Resolve(document, schema);
        if (depth > 4) return null;
        switch (TypeOf(schema))
        {
            case "object":
                var obj = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                    obj[property] = NormalJson(document, propertySchema!, property, depth + 1);
                return obj;
            case "array":
                return schema["items"] is { } items ? new JsonArray(NormalJson(document, items, name.TrimEnd('s'), depth + 1)) : new JsonArray();
            case "integer": return JsonValue.Create(1);
            case "number": return JsonValue.Create(1.5);
            case "boolean": return JsonValue.Create(false);
            default:
                return schema["format"]?.GetValue<string>() switch
                {
                    "uuid" => JsonValue.Create(GuidFor(name, "")),
                    "date-time" => JsonValue.Create("2026-03-11T10:00:00+00:00"),
                    "date" => JsonValue.Create("2026-03-11"),
                    "time" => JsonValue.Create("09:00:00"),
                    _ when name.Contains("email", StringComparison.OrdinalIgnoreCase) => JsonValue.Create("walker@example.test"),
                    _ when name.Contains("phone", StringComparison.OrdinalIgnoreCase) => JsonValue.Create("+33 6 12 34 56 78"),
                    _ => JsonValue.Create("a"),
                };
        }
    }

    private static readonly string Huge = new('x', 100_000);

    private static IEnumerable<string?> BoundaryStrings(JsonNode schema, bool inPath)
    {
        if (!inPath) yield return null;
        yield return "";
        yield return Huge[..(inPath ? 2_000 : 20_000)];
        yield return "2147483647";
        yield return "-2147483648";
        yield return "2147483648";
        yield return "9223372036854775808";
        yield return "0";
        yield return "-1";
        yield return "NaN";
        yield return "1e308";
        yield return "9999-12-31";
        yield return "0001-01-01";
        yield return "9999-12-31T23:59:59Z";
        yield return "0001-01-01T00:00:00+14:00";
        yield return Guid.Empty.ToString();
        yield return "%00'\";--<script>";
        if (!inPath) yield return "a\0b"; // the test client itself refuses a NUL in the path
        _ = schema;
    }

    private static IEnumerable<JsonNode?> BoundaryJson(JsonNode document, JsonNode schema)
    {
        yield return null;
        yield return JsonValue.Create("");
        yield return JsonValue.Create(Huge);
        yield return JsonValue.Create(int.MaxValue);
        yield return JsonValue.Create(int.MinValue);
        yield return JsonValue.Create(long.MaxValue);
        yield return JsonValue.Create(-1);
        yield return JsonValue.Create(1e308);
        yield return JsonValue.Create(true);
        yield return JsonValue.Create("9999-12-31T23:59:59+00:00");
        yield return JsonValue.Create("0001-01-01T00:00:00+00:00");
        yield return JsonValue.Create("9999-12-31");
        yield return JsonValue.Create("23:59:59.9999999");
        yield return JsonValue.Create("not-a-guid");
        yield return JsonValue.Create("a\0b");
        yield return JsonValue.Create(Guid.Empty.ToString());
        yield return new JsonObject();
        yield return new JsonArray();
        yield return new JsonArray((JsonNode?)null);
        yield return new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        if (Resolve(document, schema)["items"] is { } items && TypeOf(Resolve(document, items)) == "object")
            yield return new JsonArray(new JsonObject(), null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(O2O|System|Microsoft)\.[A-Z]")]
    private static partial System.Text.RegularExpressions.Regex InternalTypeName();

    private static string Truncate(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";
}
