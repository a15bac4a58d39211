using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// The API answers a refusal in the caller's language (Accept-Language): the title and the messages change, while the
/// status, <c>type</c>, <c>code</c> and the field names in <c>errors</c> stay the same in every language, so a client
/// can match on them. Requests that ask for no language get English.
/// </summary>
public sealed class ProblemLanguageTests(O2OApp app) : IntegrationTest(app)
{
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? language,
        HttpContent? content = null, string? orderToken = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (orderToken is not null) request.Headers.Add("X-Order-Token", orderToken);
        return await client.SendAsync(request);
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");

    private static string[] Fields(JsonNode problem) => [.. problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal)];

    private static string Message(JsonNode problem, string field) => problem["errors"]![field]![0]!.GetValue<string>();

    [Fact]
    public async Task An_invalid_order_is_refused_alike_in_every_language_with_its_words_in_the_callers()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        // No name, and a quantity out of range: one message of ours, one of FluentValidation's own.
        var body = new { storeId = store.Id, pickupSlotStart = slot, customer = new { email = "a@b.test", name = "" }, lines = new[] { new { productId = kettle.Id, quantity = 0 } } };

        var answers = new Dictionary<string, JsonNode>();
        foreach (var language in new[] { "en", "fr", "ar" })
            answers[language] = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", language, Json(body))).ProblemAsync(HttpStatusCode.BadRequest);
        var english = answers["en"];
        var none = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", null, Json(body))).ProblemAsync(HttpStatusCode.BadRequest);

        foreach (var problem in answers.Values.Append(none))
        {
            problem["status"]!.GetValue<int>().ShouldBe(400);
            problem["type"]!.GetValue<string>().ShouldBe(english["type"]!.GetValue<string>());
            problem["code"]!.GetValue<string>().ShouldBe("invalid");
            Fields(problem).ShouldBe(["customer.name", "lines[0].quantity"]);
        }
        none["title"]!.GetValue<string>().ShouldBe("The request is invalid.");
        english["title"]!.GetValue<string>().ShouldBe("The request is invalid.");
        Message(english, "customer.name").ShouldBe("Enter your name.");
        Message(english, "lines[0].quantity").ShouldContain("'quantity'");

        answers["fr"]["title"]!.GetValue<string>().ShouldBe("La requête n'est pas valide.");
        Message(answers["fr"], "customer.name").ShouldBe("Saisissez votre nom.");
        Message(answers["fr"], "lines[0].quantity").ShouldContain("'Quantité'");
        Message(answers["fr"], "lines[0].quantity").ShouldNotContain("must");

        answers["ar"]["title"]!.GetValue<string>().ShouldBe("الطلب غير صالح.");
        Message(answers["ar"], "customer.name").ShouldBe("أدخل اسمك.");
        Message(answers["ar"], "lines[0].quantity").ShouldContain("الكمية");
    }

    [Fact]
    public async Task Out_of_stock_keeps_its_code_and_lines_and_reads_in_the_callers_language()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 1);
        var client = App.CreateClient();
        var body = TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 2));

        var english = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", null, Json(body))).ProblemAsync(HttpStatusCode.Conflict);
        var french = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", "fr-FR,fr;q=0.9", Json(body))).ProblemAsync(HttpStatusCode.Conflict);
        var arabic = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", "ar", Json(body))).ProblemAsync(HttpStatusCode.Conflict);

        english["title"]!.GetValue<string>().ShouldBe("Some items are no longer available in the quantity requested at this store.");
        french["title"]!.GetValue<string>().ShouldBe("Certains articles ne sont plus disponibles en quantité suffisante dans ce magasin.");
        arabic["title"]!.GetValue<string>().ShouldBe("بعض المنتجات لم تعد متوفرة بالكمية المطلوبة في هذا المتجر.");
        foreach (var problem in new[] { french, arabic })
        {
            problem["code"]!.GetValue<string>().ShouldBe("out_of_stock");
            problem["type"]!.GetValue<string>().ShouldBe(english["type"]!.GetValue<string>());
            problem["lines"]!.ToJsonString().ShouldBe(english["lines"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Malformed_json_is_explained_in_the_callers_language_on_every_route()
    {
        var client = App.CreateClient();

        // The order route reads its body itself; sign-in has it bound by the framework, whose failure reaches the
        // exception handler after the request's culture has been unwound.
        var order = await (await SendAsync(client, HttpMethod.Post, "/api/v1/orders", "fr", new StringContent("{\"storeId\":", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var login = await (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", "fr", new StringContent("{\"email\":", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var english = await (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", null, new StringContent("{\"email\":", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);

        order["title"]!.GetValue<string>().ShouldBe("Le corps de la requête n'est pas un JSON de commande valide.");
        Message(order, "body").ShouldStartWith("Le corps de la requête n'est pas du JSON valide (ligne 1");
        login["title"]!.GetValue<string>().ShouldBe("La requête n'est pas valide.");
        Message(login, "body").ShouldStartWith("Le corps de la requête n'est pas du JSON valide (ligne 1");
        english["title"]!.GetValue<string>().ShouldBe("The request is invalid.");
        Message(english, "body").ShouldStartWith("The body is not valid JSON (line 1");
        foreach (var problem in new[] { order, login, english })
        {
            problem["code"]!.GetValue<string>().ShouldBe("invalid");
            Fields(problem).ShouldBe(["body"]);
        }
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_kind_or_out_of_range_is_explained_in_the_callers_language()
    {
        var client = App.CreateClient();

        var wrongKind = await (await SendAsync(client, HttpMethod.Get, "/api/v1/products?page=abc", "ar")).ProblemAsync(HttpStatusCode.BadRequest);
        var outOfRange = await (await SendAsync(client, HttpMethod.Get, "/api/v1/products?pageSize=0", "fr")).ProblemAsync(HttpStatusCode.BadRequest);
        var english = await (await SendAsync(client, HttpMethod.Get, "/api/v1/products?pageSize=0", null)).ProblemAsync(HttpStatusCode.BadRequest);

        Message(wrongKind, "page").ShouldBe("يجب أن يكون page عددًا صحيحًا (2147483647 على الأكثر).");
        wrongKind["title"]!.GetValue<string>().ShouldBe("الطلب غير صالح.");
        outOfRange["title"]!.GetValue<string>().ShouldBe("La requête n'est pas valide.");
        Message(outOfRange, "pageSize").ShouldContain("'Taille de page'");
        Message(english, "pageSize").ShouldContain("'pageSize'");
        outOfRange["type"]!.GetValue<string>().ShouldBe(english["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_resource_and_a_bare_status_read_in_the_callers_language()
    {
        var client = App.CreateClient();

        var order = await (await SendAsync(client, HttpMethod.Get, $"/api/v1/orders/{Guid.NewGuid()}", "fr", orderToken: "nope")).ProblemAsync(HttpStatusCode.NotFound);
        var route = await (await SendAsync(client, HttpMethod.Get, "/api/v1/no-such-route", "fr")).ProblemAsync(HttpStatusCode.NotFound);
        var englishRoute = await (await SendAsync(client, HttpMethod.Get, "/api/v1/no-such-route", null)).ProblemAsync(HttpStatusCode.NotFound);

        order["title"]!.GetValue<string>().ShouldBe("Commande introuvable.");
        order["code"]!.GetValue<string>().ShouldBe("not_found");
        route["title"]!.GetValue<string>().ShouldBe("Introuvable");
        englishRoute["title"]!.GetValue<string>().ShouldBe("Not Found");
        route["type"]!.GetValue<string>().ShouldBe(englishRoute["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_that_cannot_move_says_why_in_the_clerks_language()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 5);
        await App.UserAsync("staff.l10n@o2o.test", Roles.Staff, store);
        var (id, _) = await App.PaidOrderAsync(store, (kettle, 1));
        var staff = await App.ClientForAsync("staff.l10n@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var again = await (await SendAsync(staff, HttpMethod.Post, $"/api/v1/staff/orders/{id}/ready", "fr", Json(new { }))).ProblemAsync(HttpStatusCode.Conflict);

        again["title"]!.GetValue<string>().ShouldBe("La requête est en conflit avec l'état actuel.");
        again["detail"]!.GetValue<string>().ShouldBe("Une commande ne peut pas passer de « Prête à retirer » à « Prête à retirer ».");
        again["code"]!.GetValue<string>().ShouldBe("illegal_transition");
    }

    [Fact]
    public async Task A_short_pick_note_reads_in_the_shoppers_language_and_in_English_without_one()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(store, kettle, 5);
        await App.UserAsync("staff.short@o2o.test", Roles.Staff, store);
        var (id, token) = await App.PaidOrderAsync(store, (kettle, 2));
        var shopper = App.CreateClient();
        var lineId = (await shopper.GetOrderAsync(id, token))["lines"]![0]!["id"]!.GetValue<string>();
        var staff = await App.ClientForAsync("staff.short@o2o.test");
        var shorted = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lineId}/short", new { quantity = 1, reason = "Carton abîmé" });
        shorted.StatusCode.ShouldBe(HttpStatusCode.OK, await shorted.Content.ReadAsStringAsync());

        var french = await (await SendAsync(shopper, HttpMethod.Get, $"/api/v1/orders/{id}", "fr", orderToken: token)).JsonAsync();
        var english = await shopper.GetOrderAsync(id, token);

        static string[] Notes(JsonNode order) =>
            [.. order["history"]!.AsArray().Select(h => h!["note"]?.GetValue<string>()).OfType<string>()];
        Notes(french).ShouldContain("Article manquant : 1 × Product KETTLE (Carton abîmé).");
        Notes(english).ShouldContain("Short pick: 1 × Product KETTLE (Carton abîmé).");
        Notes(french).ShouldNotContain(n => n.StartsWith("Short pick", StringComparison.Ordinal));
        // The store captures at order, so the short pick is refunded: the amount reads as each language writes money.
        Notes(english).ShouldContain("Refunded €34.90.");
        Notes(french).ShouldContain(n => n.StartsWith("34,90", StringComparison.Ordinal) && n.EndsWith("€ remboursés.", StringComparison.Ordinal));
    }
}
