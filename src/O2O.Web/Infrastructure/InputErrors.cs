using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Says what is wrong with which field, in the caller's terms: the JSON path they sent ("lines[0].productId") and the
/// kind of value expected there ("a UUID"), never the .NET type the framework tried to build.
/// </summary>
internal static partial class InputErrors
{
    public const string BodyField = "body";

    public static Dictionary<string, string[]> FromJson(JsonException exception, Type? target)
    {
        // System.Text.Json words a value of the wrong kind this way; anything else is a syntax error in the text.
        if (exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            || exception.Message.StartsWith("The JSON value is not in a supported", StringComparison.Ordinal))
        {
            var field = FieldOf(exception.Path);
            return One(field, $"{field} must be {Expected(TypeAt(target, exception.Path))}.");
        }
        return One(BodyField, $"The body is not valid JSON (line {exception.LineNumber + 1 ?? 1}, byte {exception.BytePositionInLine + 1 ?? 1}).");
    }

    /// <summary>The framework's own binding messages name parameter types ("int? page"); they are rewritten by field.</summary>
    public static Dictionary<string, string[]> FromBinding(BadHttpRequestException exception, Type? bodyType)
    {
        if (exception.InnerException is JsonException json) return FromJson(json, bodyType);
        var message = exception.Message;
        if (BindFailed().Match(message) is { Success: true } bind)
            return One(bind.Groups["name"].Value, $"{bind.Groups["name"].Value} must be {Expected(ClrType(bind.Groups["type"].Value))}.");
        if (Missing().Match(message) is { Success: true } missing)
            return missing.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? One(BodyField, "The request needs a JSON body.")
                : One(missing.Groups["name"].Value, $"{missing.Groups["name"].Value} is required.");
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("body was provided", StringComparison.Ordinal))
            return One(BodyField, "The request needs a JSON body.");
        if (message.Contains("media type", StringComparison.OrdinalIgnoreCase) || message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
            return One(BodyField, "Send the body as application/json.");
        if (message.Contains("form", StringComparison.OrdinalIgnoreCase))
            return One(BodyField, "The form data could not be read.");
        return One(BodyField, "The request could not be read.");
    }

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };

    /// <summary>"$.lines[0].productId" is "lines[0].productId"; the whole body is "body".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? BodyField : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static Type? TypeAt(Type? type, string? path)
    {
        if (type is null || string.IsNullOrEmpty(path)) return type;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null) return null;
            type = segment.Groups["index"].Success
                ? ElementType(type)
                : type.GetProperty(segment.Groups["name"].Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }
        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? ClrType(string name) => name.TrimEnd('?') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => typeof(int),
        "double" or "decimal" or "float" or "Double" => typeof(double),
        "bool" or "Boolean" => typeof(bool),
        "Guid" => typeof(Guid),
        "DateOnly" => typeof(DateOnly),
        "TimeOnly" => typeof(TimeOnly),
        "DateTime" or "DateTimeOffset" => typeof(DateTimeOffset),
        _ => null,
    };

    private static string Expected(Type? type)
    {
        if (type is null) return "a valid value";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"one of: {string.Join(", ", Enum.GetNames(type))}";
        return type switch
        {
            _ when type == typeof(Guid) => "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number (at most 2147483647)",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as 2026-03-11T10:00:00+01:00",
            _ when type == typeof(DateOnly) => "a date such as 2026-03-11",
            _ when type == typeof(TimeOnly) => "a time such as 09:30",
            _ when type == typeof(string) => "text",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from""")]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided from (?<source>.+?)\.?$""")]
    private static partial Regex Missing();

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
