using O2O.Domain.Common;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Seed;

/// <summary>The demo store network and catalog: three euro-area cities in three time zones.</summary>
internal static class DemoCatalog
{
    public sealed record DemoStore(string Code, string Name, string Street, string PostalCode, string City, string Country,
        double Lat, double Lon, string TimeZone, bool OpenSunday, CaptureMode Capture);

    public static readonly DemoStore[] Stores =
    [
        new("PAR01", "Paris Rivoli", "99 Rue de Rivoli", "75001", "Paris", "FR", 48.8606, 2.3376, "Europe/Paris", true, CaptureMode.AtOrder),
        new("PAR02", "Paris Bastille", "2 Place de la Bastille", "75011", "Paris", "FR", 48.8532, 2.3691, "Europe/Paris", false, CaptureMode.AtOrder),
        new("PAR03", "Paris Montparnasse", "33 Avenue du Maine", "75015", "Paris", "FR", 48.8421, 2.3219, "Europe/Paris", false, CaptureMode.AtHandover),
        new("PAR04", "Paris La Défense", "15 Parvis de la Défense", "92800", "Puteaux", "FR", 48.8918, 2.2380, "Europe/Paris", true, CaptureMode.AtOrder),
        new("PAR05", "Paris Gare du Nord", "18 Rue de Dunkerque", "75010", "Paris", "FR", 48.8809, 2.3553, "Europe/Paris", true, CaptureMode.AtOrder),
        new("LIS01", "Lisboa Baixa", "Rua Augusta 120", "1100-053", "Lisboa", "PT", 38.7110, -9.1370, "Europe/Lisbon", true, CaptureMode.AtOrder),
        new("LIS02", "Lisboa Alvalade", "Avenida da Igreja 40", "1700-239", "Lisboa", "PT", 38.7517, -9.1439, "Europe/Lisbon", false, CaptureMode.AtOrder),
        new("LIS03", "Lisboa Belém", "Rua de Belém 60", "1300-085", "Lisboa", "PT", 38.6979, -9.2063, "Europe/Lisbon", true, CaptureMode.AtHandover),
        new("LIS04", "Lisboa Parque das Nações", "Alameda dos Oceanos 1", "1990-203", "Lisboa", "PT", 38.7681, -9.0945, "Europe/Lisbon", true, CaptureMode.AtOrder),
        new("HEL01", "Helsinki Kamppi", "Urho Kekkosen katu 1", "00100", "Helsinki", "FI", 60.1688, 24.9318, "Europe/Helsinki", true, CaptureMode.AtOrder),
        new("HEL02", "Helsinki Kallio", "Hämeentie 12", "00530", "Helsinki", "FI", 60.1841, 24.9506, "Europe/Helsinki", false, CaptureMode.AtOrder),
        new("HEL03", "Espoo Tapiola", "Tapionraitti 9", "02100", "Espoo", "FI", 60.1757, 24.8050, "Europe/Helsinki", true, CaptureMode.AtOrder),
    ];

    /// <summary><paramref name="ImageUrl"/>: the product's own drawing (tools/demo-pictures/draw.py), named by its SKU.</summary>
    public sealed record DemoProduct(string Sku, string Name, string Category, long PriceCents, string Description, string ImageUrl);

    private static readonly (string Category, string Prefix, (string Name, long Cents, string Blurb)[] Items)[] Lines =
    [
        ("Kitchen", "KIT", [
            ("Chef's knife 20 cm", 4990, "Forged stainless steel, full tang, balanced for everyday cutting."),
            ("Cast-iron skillet 26 cm", 3990, "Pre-seasoned, oven safe, works on induction."),
            ("French press 1 l", 2490, "Borosilicate glass with a double stainless filter."),
            ("Bamboo cutting board", 1590, "Large board with a juice groove."),
            ("Stainless mixing bowls (set of 3)", 2290, "Nesting bowls with non-slip bases."),
            ("Digital kitchen scale", 1990, "Weighs up to 5 kg in 1 g steps."),
            ("Non-stick saucepan 18 cm", 2990, "PFOA-free coating and a glass lid."),
            ("Espresso cups (set of 4)", 1890, "Double-walled glass cups."),
            ("Silicone spatula set", 990, "Three heat-resistant spatulas."),
            ("Electric kettle 1.7 l", 3490, "Boils in under three minutes, auto shut-off."),
            ("Salad spinner", 1790, "Dries greens with one push."),
        ]),
        ("Garden", "GAR", [
            ("Pruning shears", 1990, "Bypass blades for clean cuts up to 20 mm."),
            ("Garden hose 25 m", 3490, "Kink-resistant with a spray nozzle."),
            ("Terracotta pot 30 cm", 1290, "Frost-resistant, with a drainage hole."),
            ("Organic potting soil 40 l", 990, "Peat-free mix for containers."),
            ("Watering can 10 l", 1490, "Galvanised steel with a brass rose."),
            ("Garden gloves", 790, "Breathable, with reinforced fingertips."),
            ("Solar path lights (set of 6)", 2990, "Charge by day, glow for eight hours."),
            ("Herb seed collection", 890, "Basil, parsley, chives, coriander and thyme."),
            ("Folding garden chair", 3990, "Acacia wood, oiled."),
            ("Bird feeder", 1690, "Hanging feeder for seeds and nuts."),
            ("Compost bin 300 l", 5490, "Recycled plastic with an easy-access hatch."),
        ]),
        ("Tools", "TLS", [
            ("Cordless drill 18 V", 8990, "Two batteries, charger and a case."),
            ("Claw hammer 450 g", 1490, "Fibreglass handle with anti-vibration grip."),
            ("Screwdriver set (12 pieces)", 1990, "Slotted, Phillips and Torx with magnetic tips."),
            ("Tape measure 5 m", 890, "Locking blade, belt clip."),
            ("Spirit level 60 cm", 1790, "Three vials, aluminium body."),
            ("Adjustable wrench 250 mm", 1390, "Chrome vanadium steel."),
            ("Utility knife", 690, "Retractable blade with five spares."),
            ("Stud finder", 2490, "Finds wood, metal and live wires."),
            ("Work gloves", 990, "Cut-resistant level 3."),
            ("Toolbox 48 cm", 2990, "Removable tray and metal latches."),
            ("Wood glue 750 g", 790, "Water-resistant D3 glue."),
        ]),
        ("Electronics", "ELC", [
            ("Wireless earbuds", 5990, "Bluetooth 5.3, 24 hours with the case."),
            ("USB-C charger 65 W", 3490, "Charges a laptop and a phone at once."),
            ("Power bank 10000 mAh", 2990, "USB-C in and out, pocket size."),
            ("Smart LED bulb E27", 1490, "Dimmable, warm to cool white."),
            ("Bluetooth speaker", 4990, "Water-resistant, twelve hours of play."),
            ("HDMI cable 2 m", 990, "Supports 4K at 60 Hz."),
            ("Wireless mouse", 1990, "Silent clicks, one battery lasts a year."),
            ("Mechanical keyboard", 7990, "Hot-swappable switches, compact layout."),
            ("Webcam 1080p", 3990, "Auto-focus with a privacy shutter."),
            ("Smart plug", 1290, "Schedules and energy monitoring."),
            ("E-reader 6\"", 11990, "Glare-free screen, weeks of battery."),
        ]),
        ("Toys", "TOY", [
            ("Wooden building blocks (100)", 2990, "Beech wood, non-toxic paint."),
            ("Jigsaw puzzle 1000 pieces", 1690, "A map of Europe."),
            ("Remote-control car", 3990, "Rechargeable, 15 km/h."),
            ("Plush bear 30 cm", 1490, "Machine washable."),
            ("Board game: city builders", 3490, "For 2 to 5 players, ages 10 and up."),
            ("Magnetic drawing board", 1290, "Draw, wipe and draw again."),
            ("Kids' science kit", 2490, "Twenty safe experiments."),
            ("Card game: quick draw", 990, "Fast family fun."),
            ("Marble run", 2990, "120 pieces, endless layouts."),
            ("Toy kitchen set", 4490, "Pots, pans and wooden food."),
            ("Kite", 1990, "Easy-flying delta kite."),
        ]),
        ("Sport", "SPT", [
            ("Yoga mat 6 mm", 2490, "Non-slip with a carry strap."),
            ("Dumbbells 2 × 5 kg", 3990, "Neoprene coated."),
            ("Running water bottle", 1290, "Soft flask, 500 ml."),
            ("Resistance bands (set of 5)", 1690, "From extra light to extra heavy."),
            ("Football size 5", 1990, "Machine-stitched, for grass."),
            ("Tennis balls (4)", 790, "Pressurised, all courts."),
            ("Cycling helmet", 4990, "Adjustable fit, rear light."),
            ("Jump rope", 890, "Ball-bearing handles."),
            ("Foam roller", 1990, "Firm foam for recovery."),
            ("Swimming goggles", 1490, "Anti-fog, UV protection."),
            ("Hiking backpack 30 l", 5990, "Rain cover included."),
        ]),
    ];

    /// <summary>The demo catalog's names in other languages: every category in all of them, products in fr, pt and fi.</summary>
    public sealed record DemoTranslations(
        Dictionary<string, Dictionary<string, string>> Categories,
        Dictionary<string, Dictionary<string, string[]>> Products);

    public static DemoTranslations Translations()
    {
        using var stream = typeof(DemoCatalog).Assembly.GetManifestResourceStream("O2O.DemoCatalogTranslations.json")
            ?? throw new InvalidOperationException("The demo catalog's translations are not embedded.");
        return System.Text.Json.JsonSerializer.Deserialize<DemoTranslations>(stream, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
    }

    /// <summary>Blades are sold to adults only in many countries: the demo's "ID check" products (the chef's and utility knives).</summary>
    public static readonly IReadOnlySet<string> AgeRestricted = new HashSet<string> { "KIT-001", "TLS-007" };

    public static IEnumerable<DemoProduct> Products() =>
        Lines.SelectMany(line => line.Items.Select((item, i) => Product($"{line.Prefix}-{i + 1:000}", line.Category, item)));

    private static DemoProduct Product(string sku, string category, (string Name, long Cents, string Blurb) item) =>
        new(sku, item.Name, category, item.Cents, item.Blurb, PictureUrl(sku));

    public static string PictureUrl(string sku) => $"/img/products/{sku.ToLowerInvariant()}.svg";

    /// <summary>Stock that varies by store and includes some empty shelves; deterministic so demos repeat.</summary>
    public static int OnHandFor(int storeIndex, int productIndex)
    {
        var h = (storeIndex * 7919 + productIndex * 104729) % 97;
        return h < 12 ? 0 : h % 25 + 1;
    }

    public static IEnumerable<OpeningHours> HoursFor(DemoStore s)
    {
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            yield return new OpeningHours(day, new TimeOnly(9, 0), new TimeOnly(20, 0));
        yield return new OpeningHours(DayOfWeek.Saturday, new TimeOnly(9, 30), new TimeOnly(19, 0));
        if (s.OpenSunday) yield return new OpeningHours(DayOfWeek.Sunday, new TimeOnly(10, 0), new TimeOnly(13, 0));
    }
}
