using System.Reflection;
using O2O.Domain.Orders;

namespace O2O.Domain.Tests.Architecture;

/// <summary>The domain stays plain C#: no EF Core, no ASP.NET Core, no package at all.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void TheDomain_ReferencesOnlyTheBaseLibrary()
    {
        var references = typeof(Order).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name == "System.Runtime" || name.StartsWith("System.", StringComparison.Ordinal) || name == "netstandard");
    }

    [Fact]
    public void TheApplicationLayer_DoesNotReferenceTheWebOrInfrastructure()
    {
        var references = Assembly.Load("O2O.Application").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotContain(name => name.StartsWith("O2O.Infrastructure", StringComparison.Ordinal) || name.StartsWith("O2O.Web", StringComparison.Ordinal));
        references.ShouldNotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void DomainEntities_HaveNoPublicSetters()
    {
        var leaks = typeof(Order).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && !typeof(Exception).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.SetMethod is { IsPublic: true } && !IsInitOnly(p)).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        leaks.ShouldBeEmpty();
    }

    private static bool IsInitOnly(PropertyInfo p) =>
        p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
}
