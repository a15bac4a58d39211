using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Orders;
using O2O.IntegrationTests.Infrastructure;
using O2O.Web.Storefront;
using static Microsoft.Playwright.Assertions;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.BrowserTests.Staff;

/// <summary>
/// The hand-over page reads the pickup pass's QR code through a camera. Chromium's fake camera plays a Y4M file
/// drawn from the same QR code the shopper's pass shows; headless Linux Chromium has no BarcodeDetector, so this
/// is the bundled ZXing decoder reading real frames.
/// </summary>
public sealed class CameraScanTests(BrowserApp fixture) : FakeCameraTest(fixture)
{
    protected override byte[] Picture(string code) => CameraFrames.Qr(PickupPass.QrData(code).ModuleMatrix);

    [Fact]
    public async Task TheClerk_ScansThePassWithTheCamera_AndHandsTheOrderOver()
    {
        Journey = "camera-scan";
        var decoderRequests = DecoderRequests();
        await SignInAsAsync(StaffEmail, HandoverUrl);
        (await Page.EvaluateAsync<bool>("() => 'BarcodeDetector' in window")).ShouldBeFalse("this test proves the bundled decoder");
        await Expect(Button("Scan with camera")).ToBeVisibleAsync();
        await StepAsync("handover-scanner-closed", audit: true);

        await Button("Scan with camera").ClickAsync();
        // Starting the camera, loading the decoder and reading frames takes a while on a busy machine: wait, don't time.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Order {Number}", new() { Timeout = 90_000 });
        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/orders/{OrderId}"));
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync(Code);
        decoderRequests.Count.ShouldBe(1, "the bundled decoder read the frames");
        await StepAsync("order-found-by-camera", audit: false);

        await Button("Verify and hand over").ClickAsync();
        await Expect(Page.Locator(".alert").First).ToHaveTextAsync($"Order {Number} handed over.");
        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == OrderId).Select(o => o.Status).SingleAsync())).ShouldBe(OrderStatus.Collected);
        await StepAsync("collected-after-scan", audit: false);
    }
}

/// <summary>
/// Where the browser has a BarcodeDetector, it reads the code and the bundled decoder is never loaded. The camera
/// shows a blank picture here, so only the (fake) detector can have found the code.
/// </summary>
public sealed class BarcodeDetectorScanTests(BrowserApp fixture) : FakeCameraTest(fixture)
{
    protected override byte[] Picture(string code) => CameraFrames.Blank();

    [Fact]
    public async Task WhereTheBrowserHasABarcodeDetector_ItReadsTheCode_AndTheCameraStopsWhenClosed()
    {
        Journey = "camera-detector";
        var decoderRequests = DecoderRequests();
        await Context.AddInitScriptAsync(FakeDetector.Replace("__CODE__", Code, StringComparison.Ordinal));
        await SignInAsAsync(StaffEmail, HandoverUrl);

        await Button("Scan with camera").ClickAsync();
        var panel = Page.Locator("[data-scan-panel]");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(Page.GetByText("Hold the QR code of the shopper's pickup pass in front of the camera.")).ToBeVisibleAsync();
        await Page.WaitForFunctionAsync("() => window.__detector.frames > 0");
        (await Page.EvaluateAsync<string>("() => JSON.stringify(window.__camera.constraints.video.facingMode)"))
            .ShouldBe("""{"ideal":"environment"}""", "the rear camera is asked for");
        await Expect(Button("Close camera")).ToBeFocusedAsync();
        await StepAsync("handover-scanner-open", audit: true);

        await Button("Close camera").ClickAsync();
        await Expect(panel).ToBeHiddenAsync();
        await Expect(Button("Scan with camera")).ToBeFocusedAsync();
        (await Page.EvaluateAsync<bool>("() => window.__camera.streams.length === 1 && window.__camera.streams[0].getTracks().every(t => t.readyState === 'ended')"))
            .ShouldBeTrue("closing the scanner stops the camera");

        await Button("Scan with camera").ClickAsync();
        await Page.WaitForFunctionAsync("() => window.__camera.streams.length === 2 && window.__detector.frames > 0");
        await Page.EvaluateAsync("() => { window.__detector.showCode = true; }");

        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/orders/{OrderId}"), new() { Timeout = 15_000 });
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync(Code);
        decoderRequests.ShouldBeEmpty("the browser's detector is used where there is one");
    }

    /// <summary>A BarcodeDetector as the Web API defines it, that finds <c>__CODE__</c> once the test says so; and a record of the camera streams.</summary>
    private const string FakeDetector = """
        window.__detector = { frames: 0, showCode: false };
        window.BarcodeDetector = class {
          constructor(options) { if (!options || !options.formats.includes('qr_code')) throw new TypeError('formats'); }
          static async getSupportedFormats() { return ['qr_code', 'ean_13']; }
          async detect(source) {
            if (!(source instanceof HTMLVideoElement) || source.videoWidth === 0) throw new TypeError('not a playing video');
            window.__detector.frames++;
            return window.__detector.showCode ? [{ rawValue: '__CODE__', format: 'qr_code' }] : [];
          }
        };
        window.__camera = { streams: [], constraints: null };
        if (navigator.mediaDevices) {
          const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          navigator.mediaDevices.getUserMedia = async constraints => {
            window.__camera.constraints = constraints;
            const stream = await getUserMedia(constraints);
            window.__camera.streams.push(stream);
            return stream;
          };
        }
        """;
}

/// <summary>On a phone, in Arabic (right to left) and French: a refused camera says so beside the field, and typing still finds the order.</summary>
public sealed class CameraRefusedTests(BrowserApp fixture) : BrowserTest(fixture)
{
    protected override bool OnPhone => true;

    [Theory]
    [InlineData("ar", "rtl")]
    [InlineData("fr", "ltr")]
    public async Task ARefusedCamera_IsExplainedBesideTheField_InTheClerksLanguage(string culture, string direction)
    {
        Journey = $"camera-refused-{culture}";
        var store = await StoreAsync("PAR01");
        await Context.AddInitScriptAsync("""
            navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
            """);
        await UseLanguageAsync(culture);
        await SignInAsAsync(FakeCameraTest.StaffEmail, $"/staff/stores/{store.Id}/handover");
        (await Page.EvaluateAsync<string>("() => document.documentElement.dir")).ShouldBe(direction);

        await Button(Text(nameof(StaffText.HandoverScanOpen), culture)).ClickAsync();
        await Expect(Page.Locator("#scan-message")).ToHaveTextAsync(Text(nameof(StaffText.HandoverScanDenied), culture));
        await Expect(Page.Locator("[data-scan-panel]")).ToBeHiddenAsync();
        await Expect(Page.Locator("#query")).ToBeFocusedAsync();
        (await Page.Locator("#query").GetAttributeAsync("aria-describedby"))!.Split(' ').ShouldContain("scan-message");
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Phone.Width);
        await StepAsync("handover-camera-refused", audit: true);
    }

    [Fact]
    public async Task WithoutACameraApi_ThereIsNoScanButton_AndTheTypedCodeFindsTheOrder()
    {
        Journey = "camera-none";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var (id, _) = await App.PaidOrderAsync(store, (await ProductAsync("TLS-001"), 1));
        var code = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.PickupCode).SingleAsync());
        (await (await App.ClientForAsync(FakeCameraTest.StaffEmail)).PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).EnsureSuccessStatusCode();
        await Context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined });");
        await SignInAsAsync(FakeCameraTest.StaffEmail, $"/staff/stores/{store.Id}/handover");

        await Expect(Page.Locator("[data-scan-open]")).ToBeHiddenAsync();
        await Page.GetByLabel("Order number or pickup code").FillAsync(code!.ToLowerInvariant());
        await Page.GetByLabel("Order number or pickup code").PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/orders/{id}"));
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync(code);
    }

    private static string Text(string key, string culture) => StaffText.ResourceManager.GetString(key, CultureInfo.GetCultureInfo(culture))!;
}

/// <summary>
/// A test with its own Chromium whose camera plays a Y4M file (a flag only given at launch), made for a paid,
/// ready order of the Paris store once the demo data is loaded. The camera is allowed for the app's origin.
/// </summary>
public abstract class FakeCameraTest(BrowserApp fixture) : BrowserTest(fixture)
{
    public const string StaffEmail = "staff.par01@o2o.test";

    private readonly BrowserApp _fixture = fixture;
    private readonly string _video = Path.Combine(Path.GetTempPath(), $"o2o-camera-{Guid.NewGuid():N}.y4m");
    private IBrowser? _browser;

    protected Guid OrderId { get; private set; }
    protected string Number { get; private set; } = "";
    protected string Code { get; private set; } = "";
    protected string HandoverUrl { get; private set; } = "";

    /// <summary>What the camera films, as a Y4M file, given the order's pickup code.</summary>
    protected abstract byte[] Picture(string code);

    protected override async Task<IBrowser> BrowserAsync()
    {
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var (id, _) = await App.PaidOrderAsync(store, (await ProductAsync("TLS-001"), 1));
        OrderId = Guid.Parse(id);
        (Number, Code) = await App.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.Id == OrderId)
            .Select(o => new ValueTuple<string, string>(o.Number, o.PickupCode!)).SingleAsync());
        var staff = await App.ClientForAsync(StaffEmail);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).EnsureSuccessStatusCode();
        HandoverUrl = $"/staff/stores/{store.Id}/handover";

        await File.WriteAllBytesAsync(_video, Picture(Code));
        _browser = await LaunchWithCameraAsync(_fixture, _video);
        return _browser;
    }

    /// <summary>
    /// A Chromium whose camera plays the Y4M file <paramref name="video"/>, allowed without asking. Chromium opens the
    /// file when a page starts the camera, not at launch, so it may be written later (once the order's code is known).
    /// </summary>
    public static Task<IBrowser> LaunchWithCameraAsync(BrowserApp fixture, string video) =>
        fixture.LaunchAsync("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Context.GrantPermissionsAsync(["camera"], new() { Origin = _fixture.BaseUrl });
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_browser is not null) await _browser.CloseAsync();
            File.Delete(_video);
        }
    }

    /// <summary>The requests for the bundled decoder, as the page makes them.</summary>
    protected List<string> DecoderRequests()
    {
        var requests = new List<string>();
        Page.Request += (_, r) => { if (r.Url.Contains("/lib/zxing-library/", StringComparison.Ordinal)) requests.Add(r.Url); };
        return requests;
    }
}

/// <summary>Y4M video (YUV 4:2:0, full range) for Chromium's fake camera: a header, then "FRAME\n" and the Y, U and V planes per frame.</summary>
public static class CameraFrames
{
    private const int Width = 640, Height = 480, Frames = 5;

    /// <summary>The QR code's modules (quiet zone included) as black and white squares of 12 px, centred on white.</summary>
    public static byte[] Qr(IReadOnlyList<System.Collections.BitArray> modules)
    {
        const int ModulePixels = 12;
        var size = modules.Count * ModulePixels;
        size.ShouldBeLessThanOrEqualTo(Height, "the QR code fits the picture");
        var (left, top) = ((Width - size) / 2, (Height - size) / 2);
        var luma = new byte[Width * Height];
        Array.Fill(luma, (byte)255);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (modules[y / ModulePixels][x / ModulePixels]) luma[(top + y) * Width + left + x] = 0;
        return Video(luma);
    }

    public static byte[] Blank()
    {
        var luma = new byte[Width * Height];
        Array.Fill(luma, (byte)200);
        return Video(luma);
    }

    private static byte[] Video(byte[] luma)
    {
        var chroma = new byte[Width / 2 * (Height / 2)];
        Array.Fill(chroma, (byte)128);
        using var file = new MemoryStream();
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var i = 0; i < Frames; i++)
        {
            file.Write(Encoding.ASCII.GetBytes("FRAME\n"));
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }
        return file.ToArray();
    }
}
