namespace O2O.Domain.Tests.Localization;

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "O2O.sln"))) return dir.FullName;
        throw new InvalidOperationException("O2O.sln not found above the test binaries.");
    }
}
