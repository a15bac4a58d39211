using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using O2O.Application.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Says what is wrong with which field, in the caller's terms: the JSON path they sent ("lines[0].productId") and the
/// kind of value expected there ("a UUID"), never the .NET type the framework tried to build. The words are the
/// caller's language; the field names are the same in every language.
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
            return One(field, Expected(field, TypeAt(target, exception.Path)));
        }
        return One(BodyField, Texts.Format(Messages.Input_BadJson, exception.LineNumber + 1 ?? 1, exception.BytePositionInLine + 1 ?? 1));
    }

    /// <summary>The framework's own binding messages name parameter types ("int? page"); they are rewritten by field.</summary>
    public static Dictionary<string, string[]> FromBinding(BadHttpRequestException exception, Type? bodyType)
    {
        if (exception.InnerException is JsonException json) return FromJson(json, bodyType);
        var message = exception.Message;
        if (BindFailed().Match(message) is { Success: true } bind)
            return One(bind.Groups["name"].Value, Expected(bind.Groups["name"].Value, ClrType(bind.Groups["type"].Value)));
        if (Missing().Match(message) is { Success: true } missing)
            return missing.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? One(BodyField, Messages.Input_NeedsBody)
                : One(missing.Groups["name"].Value, Texts.Format(Messages.Input_Required, missing.Groups["name"].Value));
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("body was provided", StringComparison.Ordinal))
            return One(BodyField, Messages.Input_NeedsBody);
        if (message.Contains("media type", StringComparison.OrdinalIgnoreCase) || message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
            return One(BodyField, Messages.Problem_SendJson);
        if (message.Contains("form", StringComparison.OrdinalIgnoreCase))
            return One(BodyField, Messages.Input_BadForm);
        return One(BodyField, Messages.Input_Unreadable);
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

    /// <summary>"lines[0].productId must be a UUID such as …": one whole sentence per kind of value, so each language words it its own way.</summary>
    private static string Expected(string field, Type? type)
    {
        if (type is null) return Texts.Format(Messages.Input_Valid, field);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return Texts.Format(Messages.Input_OneOf, field, string.Join(", ", Enum.GetNames(type)));
        var text = type switch
        {
            _ when type == typeof(Guid) => Messages.Input_Uuid,
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => Messages.Input_WholeNumber,
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => Messages.Input_Number,
            _ when type == typeof(bool) => Messages.Input_Boolean,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => Messages.Input_DateTime,
            _ when type == typeof(DateOnly) => Messages.Input_Date,
            _ when type == typeof(TimeOnly) => Messages.Input_Time,
            _ when type == typeof(string) => Messages.Input_Text,
            _ when typeof(IEnumerable).IsAssignableFrom(type) => Messages.Input_Array,
            _ => Messages.Input_Object,
        };
        return Texts.Format(text, field);
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from""")]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided from (?<source>.+?)\.?$""")]
    private static partial Regex Missing();

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
