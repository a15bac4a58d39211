using Npgsql;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// Clears only the named connection pools (and the app's variant of each, with its pooling defaults).
/// <see cref="NpgsqlConnection.ClearAllPools"/> would also drop the pools of the collections running beside this one,
/// at the moment they use them: that broke other tests' connections ("unexpected backend message").
/// </summary>
public static class TestPools
{
    public static void Clear(params string[] connectionStrings)
    {
        foreach (var given in connectionStrings.Where(s => !string.IsNullOrEmpty(s)))
            foreach (var variant in new[] { given, O2O.Infrastructure.DependencyInjection.WithPoolingDefaults(given) }.Distinct())
            {
                using var connection = new NpgsqlConnection(variant);
                NpgsqlConnection.ClearPool(connection);
            }
    }
}
