using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Promotions;
using O2O.Domain.Catalog;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>The promotions' back office through <c>/api/v1/admin/promotions</c> (issue 13, item 1; ADR 53).</summary>
public sealed partial class PromotionAdminApiTests(O2OApp app) : IntegrationTest(app)
{
    private const string Base = "/api/v1/admin/promotions";
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _paris = null!;
    private Product _kettle = null!;
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _paris = await App.StoreAsync("PRM01");
        _kettle = await App.ProductAsync("KETTLE-P", 3000);
        await App.UserAsync("boss.promo@o2o.test", Roles.Admin);
        _admin = await App.ClientForAsync("boss.promo@o2o.test");
    }

    private object Percent(string name = "Summer", string? code = null, int? maxUses = 100, string codeMode = "Shared") => new
    {
        name, kind = "PercentOff", percentOff = 12.5m, productIds = new[] { _kettle.Id }, categories = Array.Empty<string>(), storeIds = new[] { _paris.Id },
        validFrom = "2026-06-01T09:00:00", validUntil = "2026-07-01T00:00:00", maxUses, maxUsesPerCustomer = 1, codeMode, code,
    };

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await _admin.PostJsonAsync(Base, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>A counter sale using the code, booked by the foundation's guarded statement (as the till's use case does).</summary>
    private async Task<PromoUseOutcome> TakeAsync(Guid promotionId, string code, string reference)
    {
        var codeId = await App.WithDbAsync(db => db.PromoCodes.Where(c => c.Normalized == PromoCodes.Normalize(code)).Select(c => c.Id).SingleAsync());
        var use = new PromoUse(Guid.NewGuid(), promotionId, codeId, RedemptionChannel.Counter, _paris.Id, null, reference, [], 3000, 375, "EUR",
            App.Clock.GetUtcNow(), "till");
        var row = await RunAsync(PromoSql.Take, PromoSql.Values(use), commitIf: r => PromoSql.Outcome(r[0], r[1], r[2], r[3]) == PromoUseOutcome.Taken);
        return PromoSql.Outcome(row[0], row[1], row[2], row[3]);
    }

    /// <summary>One of the foundation's statements ($1, $2… parameters) in its own transaction; the first row's integers.</summary>
    private Task<int[]> RunAsync(string sql, object?[] values, Func<int[], bool>? commitIf = null) => App.WithDbAsync(async db =>
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        int[] row;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            row = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt32).ToArray();
        }
        if (commitIf?.Invoke(row) ?? true) await tx.CommitAsync();
        return row;
    });

    [Fact]
    public async Task An_admin_creates_reads_lists_and_changes_a_promotion_and_each_step_is_audited()
    {
        var created = await CreateAsync(Percent(code: "summer-10"));
        var id = (string)created["id"]!;

        created["percentOff"]!.GetValue<decimal>().ShouldBe(12.5m);
        ((string)created["sharedCode"]!).ShouldBe("SUMMER-10");
        ((string)created["state"]!).ShouldBe("Active");
        ((string)created["validFrom"]!).ShouldBe("2026-06-01T09:00:00");
        (await _admin.GetJsonAsync($"{Base}/{id}"))["maxUses"]!.GetValue<int>().ShouldBe(100);
        var list = await _admin.GetJsonAsync(Base);
        list["totalCount"]!.GetValue<int>().ShouldBe(1);
        list["items"]![0]!["uses"]!.GetValue<int>().ShouldBe(0);

        var changed = await _admin.PutAsJsonAsync($"{Base}/{id}", new
        {
            name = "Five off", kind = "AmountOff", amountOff = new { amount = 500, currency = "EUR" }, minimumSubtotal = new { amount = 2000, currency = "EUR" },
            categories = new[] { "Test" }, firstOrderOnly = true, maxUses = 10, maxUsesPerCustomer = 3,
        }, JsonSerializerOptions.Web);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var after = await changed.JsonAsync();
        after["amountOff"]!["amount"]!.GetValue<long>().ShouldBe(500);
        after["percentOff"].ShouldBeNull();
        after["storeIds"]!.AsArray().Count.ShouldBe(0);
        after["maxUsesPerCustomer"]!.GetValue<int>().ShouldBe(1); // first order only is one per customer (ADR 51)
        ((string)after["sharedCode"]!).ShouldBe("SUMMER-10");

        var actions = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        actions.ShouldBe(["promotion.create", "promotion.code", "promotion.update"]);
    }

    [Fact]
    public async Task Bad_input_is_400_with_each_field_named_and_nothing_is_written()
    {
        var response = await _admin.PostJsonAsync(Base, new
        {
            name = "", kind = "PercentOff", percentOff = 100.5m, amountOff = new { amount = -5, currency = "eur" }, validFrom = "2026-06-02T09:00:00Z",
            validUntil = "2026-06-01T09:00:00", maxUses = 0, maxUsesPerCustomer = 0, code = "?!",
        });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        fields.ShouldBe(["name", "percentOff", "amountOff", "amountOff.amount", "amountOff.currency", "validFrom", "validUntil", "maxUses", "maxUsesPerCustomer", "code"],
            ignoreOrder: true, customMessage: problem.ToJsonString());

        var backwards = await _admin.PostJsonAsync(Base, new { name = "x", kind = "AmountOff", amountOff = new { amount = 100, currency = "EUR" },
            minimumSubtotal = new { amount = 100, currency = "USD" }, validFrom = "2026-06-02T09:00:00", validUntil = "2026-06-01T09:00:00" });
        (await backwards.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key)
            .ShouldBe(["minimumSubtotal.currency", "validUntil"], ignoreOrder: true);

        var unknown = await _admin.PostJsonAsync(Base, new { name = "x", kind = "PercentOff", percentOff = 10, productIds = new[] { Guid.NewGuid() },
            storeIds = new[] { Guid.NewGuid() }, categories = new[] { "Nothing here" } });
        (await unknown.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key)
            .ShouldBe(["productIds", "storeIds", "categories"], ignoreOrder: true);

        using var french = new HttpRequestMessage(HttpMethod.Post, Base) { Content = JsonContent.Create(new { name = "x", kind = "PercentOff", percentOff = 0.001m }) };
        french.Headers.AcceptLanguage.ParseAdd("fr");
        var fr = await (await _admin.SendAsync(french)).ProblemAsync(HttpStatusCode.BadRequest);
        fr["errors"]!["percentOff"]![0]!.GetValue<string>().ShouldBe("Indiquez un pourcentage de 0,01 à 100, avec au plus deux décimales.");

        (await App.WithDbAsync(db => db.Promotions.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_shared_code_is_taken_whatever_its_case_and_dashes_and_a_shared_promotion_has_one()
    {
        var first = await CreateAsync(Percent("First", code: "SUMMER-10"));
        var second = await CreateAsync(Percent("Second"));

        var taken = await _admin.PostJsonAsync($"{Base}/{second["id"]}/codes", new { code = "summer10" });
        var problem = await taken.ProblemAsync(HttpStatusCode.Conflict);
        ((string)problem["code"]!).ShouldBe("promo_code_taken");
        ((string)problem["promoCode"]!).ShouldBe("SUMMER10");
        var takenAtCreate = await _admin.PostJsonAsync(Base, Percent("Third", code: "Summer 1O")); // a letter O reads as a zero
        ((string)(await takenAtCreate.ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("promo_code_taken");
        var again = await _admin.PostJsonAsync($"{Base}/{first["id"]}/codes", new { code = "AUTUMN-10" });
        ((string)(await again.ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("promotion_has_code");
        var batch = await _admin.PostJsonAsync($"{Base}/{first["id"]}/codes", new { count = 5 });
        ((string)(await batch.ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("wrong_code_mode");

        var added = await _admin.PostJsonAsync($"{Base}/{second["id"]}/codes", new { code = "winter-20" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.WithDbAsync(db => db.Promotions.CountAsync())).ShouldBe(2); // the third was rolled back with its code
        (await App.WithDbAsync(db => db.PromoCodes.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync())).ShouldBe(["SUMMER-10", "WINTER-20"]);
    }

    [Fact]
    public async Task A_batch_of_a_thousand_codes_is_unique_unconfusable_and_exports_as_csv()
    {
        var promotion = await CreateAsync(Percent("Campaign", codeMode: "SingleUse", maxUses: null));
        var id = (string)promotion["id"]!;

        var response = await _admin.PostJsonAsync($"{Base}/{id}/codes", new { count = 1000 });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var codes = (await response.JsonAsync())["codes"]!.AsArray().Select(c => (string)c!["code"]!).ToList();

        codes.Count.ShouldBe(1000);
        codes.Distinct().Count().ShouldBe(1000);
        codes.ShouldAllBe(c => Generated().IsMatch(c));
        var stored = await App.WithDbAsync(db => db.PromoCodes.Where(c => c.PromotionId == Guid.Parse(id)).Select(c => new { c.Normalized, c.SingleUse }).ToListAsync());
        stored.Select(c => c.Normalized).Distinct().Count().ShouldBe(1000);
        stored.ShouldAllBe(c => c.SingleUse);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "promotion.codes"));
        audit.After!.ShouldContain("1000");

        var csv = await _admin.GetAsync($"{Base}/{id}/codes?format=csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName!.ShouldEndWith(".csv");
        using var reader = new CsvReader(new StringReader(await csv.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(1000);
        rows.Select(r => (string)r["code"]).ShouldBe(codes, ignoreOrder: true);
        rows.ShouldAllBe(r => (string)r["singleUse"] == "true" && (string)r["uses"] == "0");

        using var byAccept = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{id}/codes");
        byAccept.Headers.Accept.ParseAdd("text/csv");
        (await _admin.SendAsync(byAccept)).Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var page = await _admin.GetJsonAsync($"{Base}/{id}/codes?page=2&pageSize=300");
        (page["totalCount"]!.GetValue<int>(), page["items"]!.AsArray().Count).ShouldBe((1000, 300));

        foreach (var count in new[] { 0, 10_001 })
            (await (await _admin.PostJsonAsync($"{Base}/{id}/codes", new { count })).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["count"].ShouldNotBeNull();
        (await (await _admin.PostJsonAsync($"{Base}/{id}/codes", new { code = "SHARED-1" })).ProblemAsync(HttpStatusCode.Conflict))["code"]!
            .GetValue<string>().ShouldBe("wrong_code_mode");
        (await (await _admin.PostJsonAsync($"{Base}/{id}/codes", new { })).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["count"].ShouldNotBeNull();
        (await (await _admin.GetAsync($"{Base}/{id}/codes?format=xml")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["format"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_generated_code_that_exists_already_is_drawn_again()
    {
        var promotion = await CreateAsync(Percent("Campaign", codeMode: "SingleUse"));
        var id = Guid.Parse((string)promotion["id"]!);
        await _admin.PostJsonAsync($"{Base}/{id}/codes", new { count = 1 });
        var existing = await App.WithDbAsync(db => db.PromoCodes.Select(c => c.Code).SingleAsync());
        var draws = new Queue<string>([existing, existing, "2222-3333-4444", "5555-6666-7777"]);

        var made = await App.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var codes = await PromoCodeWrites.GenerateAsync(db, id, 2, null, Morning, CancellationToken.None, draws.Dequeue);
            await tx.CommitAsync();
            return codes;
        });

        made.Select(c => c.Code).ShouldBe(["2222-3333-4444", "5555-6666-7777"], ignoreOrder: true);
        (await App.WithDbAsync(db => db.PromoCodes.CountAsync())).ShouldBe(3);
    }

    [Fact]
    public async Task A_paused_promotion_takes_no_use_until_it_is_resumed()
    {
        var id = Guid.Parse((string)(await CreateAsync(Percent(code: "PAUSE-ME")))["id"]!);

        var paused = await (await _admin.PostJsonAsync($"{Base}/{id}/pause", new { })).JsonAsync();
        ((string)paused["state"]!).ShouldBe("Paused");
        (await TakeAsync(id, "PAUSE-ME", "T-1")).ShouldBe(PromoUseOutcome.PromotionExhausted);
        var resumed = await (await _admin.PostJsonAsync($"{Base}/{id}/resume", new { })).JsonAsync();
        ((string)resumed["state"]!).ShouldBe("Active");
        (await TakeAsync(id, "PAUSE-ME", "T-2")).ShouldBe(PromoUseOutcome.Taken);

        (await _admin.GetJsonAsync($"{Base}/{id}"))["uses"]!.GetValue<int>().ShouldBe(1);
        var actions = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Promotion").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        actions.ShouldBe(["promotion.create", "promotion.code", "promotion.pause", "promotion.resume"]);
        (await _admin.PostJsonAsync($"{Base}/{Guid.NewGuid()}/pause", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_limit_cannot_go_below_the_uses_already_made()
    {
        var id = Guid.Parse((string)(await CreateAsync(Percent(code: "LIMIT-3")))["id"]!);
        foreach (var reference in new[] { "T-1", "T-2", "T-3" }) (await TakeAsync(id, "LIMIT-3", reference)).ShouldBe(PromoUseOutcome.Taken);
        object Limit(int max) => new { name = "Summer", kind = "PercentOff", percentOff = 12.5m, maxUses = max };

        var lower = await _admin.PutAsJsonAsync($"{Base}/{id}", Limit(2), JsonSerializerOptions.Web);
        var problem = await lower.ProblemAsync(HttpStatusCode.Conflict);
        ((string)problem["code"]!).ShouldBe("promotion_limit_below_uses");
        problem["uses"]!.GetValue<int>().ShouldBe(3);
        (await App.WithDbAsync(db => db.Promotions.Select(p => p.MaxUses).SingleAsync())).ShouldBe(100);

        var same = await _admin.PutAsJsonAsync($"{Base}/{id}", Limit(3), JsonSerializerOptions.Web);
        same.StatusCode.ShouldBe(HttpStatusCode.OK, await same.Content.ReadAsStringAsync());
        (await TakeAsync(id, "LIMIT-3", "T-4")).ShouldBe(PromoUseOutcome.PromotionExhausted);
    }

    [Fact]
    public async Task Redemptions_are_listed_newest_first_on_the_stores_clock_live_or_given_back()
    {
        var id = Guid.Parse((string)(await CreateAsync(Percent(code: "TILL-10")))["id"]!);
        (await TakeAsync(id, "TILL-10", "SALE-1")).ShouldBe(PromoUseOutcome.Taken);
        App.Clock.Set(Morning.AddMinutes(5));
        (await TakeAsync(id, "TILL-10", "SALE-2")).ShouldBe(PromoUseOutcome.Taken);
        var first = await App.WithDbAsync(db => db.PromoRedemptions.Where(r => r.ExternalReference == "SALE-1").Select(r => r.Id).SingleAsync());
        (await RunAsync(PromoSql.ReleaseRedemption, [first, Morning.AddMinutes(10), "voided"]))[0].ShouldBe(1);

        var page = await _admin.GetJsonAsync($"{Base}/{id}/redemptions");

        var items = page["items"]!.AsArray();
        items.Select(i => (string)i!["externalReference"]!).ShouldBe(["SALE-2", "SALE-1"]);
        ((string)items[0]!["atInStore"]!).ShouldBe("2026-06-10T10:05:00+02:00");
        ((string)items[0]!["channel"]!).ShouldBe("Counter");
        ((string)items[0]!["storeName"]!).ShouldBe("Store PRM01");
        items[0]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(375);
        items[0]!["live"]!.GetValue<bool>().ShouldBeTrue();
        items[1]!["live"]!.GetValue<bool>().ShouldBeFalse();
        ((string)items[1]!["releasedReason"]!).ShouldBe("voided");
        (await _admin.GetJsonAsync($"{Base}/{id}"))["uses"]!.GetValue<int>().ShouldBe(1);
        (await _admin.GetAsync($"{Base}/{Guid.NewGuid()}/redemptions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "" }, { "POST", "" }, { "GET", "/{id}" }, { "PUT", "/{id}" }, { "POST", "/{id}/pause" }, { "POST", "/{id}/resume" },
        { "POST", "/{id}/codes" }, { "GET", "/{id}/codes" }, { "GET", "/{id}/redemptions" },
    };

    [Theory, MemberData(nameof(Routes))]
    public async Task Every_route_is_401_for_a_visitor_and_403_for_staff_and_shoppers(string method, string path)
    {
        var id = (string)(await CreateAsync(Percent()))["id"]!;
        await App.UserAsync("desk.promo@o2o.test", Roles.Staff, _paris);
        await App.UserAsync("sam.promo@o2o.test", Roles.Shopper);
        var url = Base + path.Replace("{id}", id);
        async Task<HttpStatusCode> Call(HttpClient client) =>
            (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(Percent("Intruder")) })).StatusCode;

        (await Call(App.CreateClient())).ShouldBe(HttpStatusCode.Unauthorized);
        (await Call(await App.ClientForAsync("desk.promo@o2o.test"))).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(await App.ClientForAsync("sam.promo@o2o.test"))).ShouldBe(HttpStatusCode.Forbidden);
        (await App.WithDbAsync(db => db.Promotions.Select(p => p.Name).ToListAsync())).ShouldBe(["Summer"]);
    }

    [GeneratedRegex("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")]
    private static partial Regex Generated();
}
