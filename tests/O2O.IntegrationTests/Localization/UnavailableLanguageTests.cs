using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>While the database is down, the 503 says "nothing changed, try again" in the caller's language.</summary>
public sealed class UnavailableLanguageTests(O2OApp app) : IntegrationTest(app)
{
    private WebApplicationFactory<Program> Unreachable() => App.WithWebHostBuilder(b =>
        b.UseSetting("ConnectionStrings:O2O", $"Host=127.0.0.1;Port={ClosedPort()};Database=o2o;Username=o2o;Password=o2o;Timeout=2"));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData("fr", "Le service est momentanément indisponible. Rien n'a été modifié ; veuillez réessayer dans un instant.")]
    [InlineData("ar", "الخدمة غير متاحة مؤقتًا. لم يتغير شيء؛ يُرجى المحاولة بعد قليل.")]
    public async Task A_503_while_the_database_is_down_is_in_the_callers_language(string language, string title)
    {
        await using var down = Unreachable();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stores/{Guid.NewGuid()}");
        request.Headers.AcceptLanguage.ParseAdd(language);

        var response = await down.CreateClient().SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem["title"]!.GetValue<string>().ShouldBe(title);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
    }
}
