using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>The stock CSV as spreadsheets write it: quoted fields, commas and line breaks inside quotes, blank lines.</summary>
public sealed partial class StockCsvImportTests(O2OApp app) : IntegrationTest(app)
{
    private const string Csv =
        "storeCode,sku,onHand\r\n" +
        "\"PAR99\",\"KETTLE\",\"25\"\r\n" +
        "PAR99,\"KET,TLE\",3\r\n" +
        "PAR99,KETTLE,abc\r\n" +
        "\r\n" +
        "\"PAR99\",\"MUG\r\n2\",1\r\n" +
        "PAR99,KETTLE,4,extra\r\n";

    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("PAR99");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
    }

    [Fact]
    public async Task TheApi_ReadsQuotedFields_AndReportsEachBadRowByItsLineWithTheCellAsWritten()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");
        var content = new MultipartFormDataContent { { new StringContent(Csv, Encoding.UTF8, "text/csv"), "file", "stock.csv" } };

        var response = await admin.PostAsync("/api/v1/admin/stock/import", content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.JsonAsync();
        result["applied"]!.GetValue<int>().ShouldBe(1);
        var rejected = result["items"]!.AsArray().Where(i => i!["status"]!.GetValue<string>() == "rejected")
            .Select(i => (i!["line"]!.GetValue<int>(), i["sku"]?.GetValue<string>(), i["onHand"]?.GetValue<string>(), i["reason"]!.GetValue<string>()))
            .ToList();
        rejected.ShouldBe([
            (3, "KET,TLE", "3", "unknown_sku"),
            (4, "KETTLE", "abc", "invalid_on_hand"),
            (6, "MUG\r\n2", "1", "unknown_sku"),
            (8, "KETTLE", "4", "wrong_field_count"),
        ]);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((25, 0));
    }

    [Fact]
    public async Task AFileWithAQuoteNeverClosed_IsRejectedWhole()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");
        var content = new MultipartFormDataContent { { new StringContent("storeCode,sku,onHand\nPAR99,KETTLE,5\nPAR99,\"KETTLE,6\n", Encoding.UTF8, "text/csv"), "file", "stock.csv" } };

        var problem = await (await admin.PostAsync("/api/v1/admin/stock/import", content)).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["file"]![0]!.GetValue<string>().ShouldContain("not valid CSV");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
    }

    [Fact]
    public async Task ThePage_ExplainsEachRejectedRowInWords()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var html = await admin.GetAsync("/admin/stock");
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent(Csv), "file", "stock.csv" },
        };

        var response = await admin.Http.PostAsync($"/admin/stock?handler=Import&storeId={_store.Id}", form);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("Import: 1 applied, 4 rejected");
        page.ShouldContain("Line 3 (PAR99, KET,TLE, 3): No product has this SKU.");
        page.ShouldContain("Line 4 (PAR99, KETTLE, abc): On hand must be a whole number.");
        page.ShouldContain("Line 8 (PAR99, KETTLE, 4): The row must have exactly three fields");
        page.ShouldNotContain("unknown_sku");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
