using System.Text.RegularExpressions;
using System.Xml.Linq;
using O2O.Application.Localization;

namespace O2O.Domain.Tests.Localization;

/// <summary>
/// Every text exists in every language, with the same placeholders, and every counted text has each plural form its
/// language needs: a missing translation would otherwise show English, and a dropped {0} would throw or lose a value.
/// </summary>
public sealed partial class ResourceFilesTests
{
    public static TheoryData<string> TextFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in NeutralFiles()) data.Add(Path.GetRelativePath(Repository.Root, file));
        return data;
    }

    [Fact]
    public void Every_project_keeps_its_texts_in_resource_files()
    {
        NeutralFiles().Select(Path.GetFileName).ShouldContain("Common.resx");
    }

    [Theory, MemberData(nameof(TextFiles))]
    public void Every_language_has_every_text_and_nothing_else(string neutral)
    {
        var english = Read(Path.Combine(Repository.Root, neutral));
        var problems = new List<string>();
        foreach (var language in Cultures.Supported.Where(c => c != Cultures.Default))
        {
            var path = Path.Combine(Repository.Root, neutral[..^".resx".Length] + "." + language + ".resx");
            if (!File.Exists(path)) { problems.Add($"{language}: no file {Path.GetFileName(path)}"); continue; }
            var translated = Read(path);
            foreach (var key in english.Keys.Where(k => !IsPluralForm(k) && !translated.ContainsKey(k)))
                problems.Add($"{language}: {key} is missing");
            foreach (var key in translated.Keys.Where(k => !IsPluralForm(k) && !english.ContainsKey(k)))
                problems.Add($"{language}: {key} is not an English text (renamed or removed?)");
            foreach (var (key, value) in translated.Where(t => t.Value.Trim().Length == 0))
                problems.Add($"{language}: {key} is empty");
        }
        problems.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(TextFiles))]
    public void A_translation_keeps_the_placeholders_of_its_English_text(string neutral)
    {
        var english = Read(Path.Combine(Repository.Root, neutral));
        var problems = new List<string>();
        foreach (var language in Cultures.Supported)
        {
            var path = language == Cultures.Default ? Path.Combine(Repository.Root, neutral)
                : Path.Combine(Repository.Root, neutral[..^".resx".Length] + "." + language + ".resx");
            if (!File.Exists(path)) continue;
            foreach (var (key, value) in Read(path))
            {
                var source = IsPluralForm(key) ? english.GetValueOrDefault(BaseOf(key) + "_other") : english.GetValueOrDefault(key);
                if (source is null) continue;
                // A plural form may leave the count out ("one item" in words), never add or drop another value.
                var expected = Placeholders(source);
                var actual = Placeholders(value);
                if (IsPluralForm(key)) { expected.Remove("0"); actual.Remove("0"); }
                if (!expected.SetEquals(actual))
                    problems.Add($"{language}: {key} has {{{string.Join("},{", actual.Order())}}} where English has {{{string.Join("},{", expected.Order())}}}");
                if (!IsWellFormed(value)) problems.Add($"{language}: {key} has an unbalanced brace: \"{value}\"");
            }
        }
        problems.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(TextFiles))]
    public void A_counted_text_has_every_form_its_language_needs(string neutral)
    {
        var english = Read(Path.Combine(Repository.Root, neutral));
        var counted = english.Keys.Where(k => k.EndsWith("_other", StringComparison.Ordinal)).Select(BaseOf).ToList();
        var problems = new List<string>();
        foreach (var language in Cultures.Supported)
        {
            var path = language == Cultures.Default ? Path.Combine(Repository.Root, neutral)
                : Path.Combine(Repository.Root, neutral[..^".resx".Length] + "." + language + ".resx");
            if (!File.Exists(path)) continue;
            var texts = Read(path);
            var needed = PluralRules.Categories(language);
            foreach (var name in counted)
            {
                foreach (var form in needed.Where(f => !texts.ContainsKey(name + "_" + f)))
                    problems.Add($"{language}: {name}_{form} is missing");
                foreach (var extra in texts.Keys.Where(k => BaseOf(k) == name && IsPluralForm(k) && !needed.Contains(k[(name.Length + 1)..])))
                    problems.Add($"{language}: {extra} is a form {language} does not have");
            }
        }
        problems.ShouldBeEmpty();
    }

    private static IEnumerable<string> NeutralFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileNameWithoutExtension(f).Split('.').Length == 1)
            .Order(StringComparer.Ordinal);

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static readonly string[] Forms = ["_zero", "_one", "_two", "_few", "_many", "_other"];

    private static bool IsPluralForm(string key) => Forms.Any(f => key.EndsWith(f, StringComparison.Ordinal));

    private static string BaseOf(string key) => Forms.FirstOrDefault(f => key.EndsWith(f, StringComparison.Ordinal)) is { } f ? key[..^f.Length] : key;

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static bool IsWellFormed(string text)
    {
        var stripped = Placeholder().Replace(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal), "");
        return !stripped.Contains('{', StringComparison.Ordinal) && !stripped.Contains('}', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{(\d+)(?:,-?\d+)?(?::[^{}]*)?\}")]
    private static partial Regex Placeholder();
}
