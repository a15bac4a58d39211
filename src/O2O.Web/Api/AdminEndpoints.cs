using Mediator;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Diagnostics;
using O2O.Web.Infrastructure;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class AdminEndpoints
{
    public sealed record StockBody(int OnHand);

    public sealed record StockSyncBody(string? BatchId, List<StockSyncItem>? Items);

    public sealed record RenameCategoryBody(string? From, string? To);

    public sealed record InviteBody(string? Email, string? Name, List<string>? Roles, List<Guid>? StoreIds);

    public sealed record AccessBody(List<string>? Roles, List<Guid>? StoreIds);

    public static void MapAdminEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/invariants", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new CheckInvariants(), ct)))
            .WithName("CheckInvariants")
            .WithSummary("Reserved stock equals live holds, and booked slot places equal the orders in each slot. Lists what disagrees.")
            .Produces<InvariantReport>();

        // Catalog
        admin.MapGet("/products", async (string? search, int? page, ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new ListAdminProducts(search, true, page ?? 1), ct))).WithName("AdminListProducts").WithSummary("Every product, archived ones too, filtered by search text, 50 a page.").Produces<PagedResult<AdminProduct>>();
        admin.MapGet("/products/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            ErrorResults.OkOrNotFound(await sender.Send(new GetAdminProduct(id), ct), Messages.NotFound_Product)).WithName("AdminGetProduct").WithSummary("One product as the admin edits it.").Produces<AdminProduct>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/products", async (ProductInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Created(await sender.Send(new CreateProduct(body, http.User.ToActor()), ct), p => $"/api/v1/admin/products/{p.Id}"))
            .WithName("AdminCreateProduct").WithSummary("Adds a product to the catalog. The SKU must be new. ageRestricted: true asks the desk to check the collector's ID.").Produces<AdminProduct>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/products/{id:guid}", async (Guid id, ProductInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new UpdateProduct(id, body, http.User.ToActor()), ct)))
            .WithName("AdminUpdateProduct").WithSummary("Edits a product's name, description, category, price and ageRestricted (\"ID check\": the desk checks the collector's ID; left out, it stays as it is). The SKU cannot change.").Produces<AdminProduct>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/products/{id:guid}/archive", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new SetProductArchived(id, true, http.User.ToActor()), ct))).WithName("AdminArchiveProduct").WithSummary("Takes a product off the storefront; its orders keep it.").Produces<AdminProduct>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/products/{id:guid}/restore", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new SetProductArchived(id, false, http.User.ToActor()), ct))).WithName("AdminRestoreProduct").WithSummary("Puts an archived product back on the storefront.").Produces<AdminProduct>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/products/{id:guid}/image", async (Guid id, IFormFile? image, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                if (image is null) return Error.Invalid("image", Messages.Admin_ImageField).ToProblem();
                if (image.Length > ProductImagesHandler.MaxBytes) return Error.Invalid("image", Texts.Format(Messages.Admin_ImageTooBig, ProductImagesHandler.MaxBytes / 1024 / 1024)).ToProblem();
                using var buffer = new MemoryStream();
                await image.CopyToAsync(buffer, ct);
                return Ok(await sender.Send(new UploadProductImage(id, buffer.ToArray(), http.User.ToActor()), ct));
            })
            .DisableAntiforgery() // bearer-token API; the admin page posts through its own antiforgery-protected form
            .WithName("AdminUploadProductImage").WithSummary("Replaces a product's image (JPEG, PNG or WebP, at most 2 MB).").Accepts<IFormFile>("multipart/form-data").Produces<AdminProduct>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/categories/rename", async (RenameCategoryBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new RenameCategory(body.From, body.To, http.User.ToActor()), ct))).WithName("AdminRenameCategory").WithSummary("Renames a category on every product in it; answers how many products moved.")
            .Produces<int>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        // Stores
        admin.MapPost("/stores", async (StoreInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Created(await sender.Send(new CreateStore(body, http.User.ToActor()), ct), s => $"/api/v1/stores/{s.Store.Id}"))
            .WithName("AdminCreateStore").WithSummary("Opens a new store with its address, hours and pickup settings. The code must be new.").Produces<StoreSaved>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/stores/{id:guid}", async (Guid id, StoreInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new UpdateStore(id, body, http.User.ToActor()), ct)))
            .WithName("AdminUpdateStore")
            .WithSummary("Edits a store. Booked orders are never dropped: those whose slot the new schedule no longer offers are returned for follow-up.")
            .Produces<StoreSaved>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/stores/{id:guid}/orphaned-orders", async (Guid id, ISender sender, CancellationToken ct) =>
            ErrorResults.OkOrNotFound(await sender.Send(new ListOrphanedOrders(id), ct), Messages.NotFound_Store)).WithName("AdminListOrphanedOrders").WithSummary("Live orders whose slot the store's schedule no longer offers, for follow-up.")
            .Produces<IReadOnlyList<OrphanedOrder>>().ProducesProblem(StatusCodes.Status404NotFound);

        // Stock
        admin.MapPut("/stock/{storeId:guid}/{productId:guid}", async (Guid storeId, Guid productId, StockBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new SetStock(storeId, productId, body.OnHand, http.User.ToActor()), ct)))
            .WithName("AdminSetStock").WithSummary("Sets the units on hand of a product at a store; never below the units reserved.").Produces<StockLevel>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/stock/import", async (IFormFile? file, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                if (file is null) return Error.Invalid("file", Messages.Admin_CsvField).ToProblem();
                if (file.Length > 5 * 1024 * 1024) return Error.Invalid("file", Texts.Format(Messages.Admin_CsvTooBig, 5)).ToProblem();
                using var reader = new StreamReader(file.OpenReadStream());
                return Ok(await sender.Send(new ImportStockCsv(await reader.ReadToEndAsync(ct), file.FileName, http.User.ToActor()), ct));
            })
            .DisableAntiforgery()
            .WithName("AdminImportStockCsv")
            .WithSummary("CSV with columns storeCode,sku,onHand. Wrong columns reject the file; otherwise valid rows are applied and each bad row is reported.")
            .Accepts<IFormFile>("multipart/form-data").Produces<StockImportResult>().ProducesValidationProblem();
        admin.MapPost("/stock-sync", async (StockSyncBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new StockSync(body.BatchId, body.Items, http.User.ToActor()), ct)))
            .WithName("StockSync")
            .WithSummary("POS/ERP stock counts. A replayed batchId changes nothing. Each item is applied or rejected with a reason; on hand never goes below reserved.")
            .Produces<StockSyncResult>().ProducesValidationProblem();

        // Users
        admin.MapGet("/users", async (string? search, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListUsers(search), ct)))
            .WithName("AdminListUsers").WithSummary("Accounts with their roles and stores, filtered by email, at most 500.").Produces<IReadOnlyList<AdminUser>>();
        admin.MapPost("/users", async (InviteBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                Created(await sender.Send(new InviteUser(body.Email, body.Name, body.Roles, body.StoreIds, $"{http.Request.Scheme}://{http.Request.Host}", http.User.ToActor()), ct),
                    u => $"/api/v1/admin/users/{u.Id}"))
            .WithName("AdminInviteUser").WithSummary("Creates an account and emails its owner a link to set a password.").Produces<AdminUser>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/users/{id}", async (string id, AccessBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new UpdateUserAccess(id, body.Roles, body.StoreIds, http.User.ToActor()), ct))).WithName("AdminUpdateUserAccess").WithSummary("Replaces an account's roles and the stores a staff member works at.")
            .Produces<AdminUser>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/users/{id}/disable", async (string id, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new SetUserDisabled(id, true, http.User.ToActor()), ct))).WithName("AdminDisableUser").WithSummary("Locks an account out and signs it out everywhere.")
            .Produces<AdminUser>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/users/{id}/enable", async (string id, HttpContext http, ISender sender, CancellationToken ct) =>
            Ok(await sender.Send(new SetUserDisabled(id, false, http.User.ToActor()), ct))).WithName("AdminEnableUser").WithSummary("Lets a disabled account sign in again.").Produces<AdminUser>().ProducesProblem(StatusCodes.Status404NotFound);

        // Payments the provider refused for good (ADR 14)
        admin.MapGet("/payment-commands", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListPaymentsNeedingAttention(), ct)))
            .WithName("AdminListPaymentsNeedingAttention")
            .WithSummary("Refunds, voids and captures the provider refused, or that ran out of attempts, and how many are still pending.")
            .Produces<PaymentCommandsView>();
        admin.MapPost("/payment-commands/{id:guid}/retry", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new RetryPaymentCommand(id, http.User.ToActor()), ct)))
            .WithName("AdminRetryPaymentCommand")
            .WithSummary("Sends a failed payment command again, as a new command with its own idempotency key.")
            .Produces<PaymentCommandView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // Audit and dashboard
        admin.MapGet("/audit", async (string? actor, string? action, string? entityType, string? entityId, DateTimeOffset? from, DateTimeOffset? to,
                int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListAuditEntries(actor, action, entityType, entityId, from, to, page ?? 1, pageSize ?? 50), ct)))
            .WithName("AdminAuditLog").WithSummary("Who changed what and when, newest first, filtered by actor, action, entity and time.").Produces<PagedResult<AuditEntryView>>().ProducesValidationProblem();
        admin.MapGet("/dashboard", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetDashboard(from, to), ct)))
            .WithName("AdminDashboard").WithSummary("Orders, revenue, no-shows and top products per store over a range of days.").Produces<DashboardView>().ProducesValidationProblem();
        admin.MapGet("/dashboard/o2o", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetO2OReport(from, to), ct)))
            .WithName("AdminO2OReport")
            .WithSummary("What promotions brought in over a range of store-local days (at most 366; the last 30 by default): per campaign and per store, codes sent, live uses online and at the counter, the sales that came with them and the discount per currency, and loyalty points earned and spent.")
            .Produces<O2OReport>().ProducesValidationProblem();
        admin.MapGet("/dashboard/o2o.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                {
                    var report = await sender.Send(new GetO2OReport(from, to), ct);
                    return TypedResults.File(O2OReportCsv.ToBytes(report), "text/csv; charset=utf-8", O2OReportCsv.FileName(report));
                })
            .WithName("AdminO2OReportCsv")
            .WithSummary("The O2O report as CSV: one row per campaign and per store (column scope) and per further currency; invariant numbers, ISO 8601 UTC instants, money in major units beside its currency.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
    }

    private static IResult Ok<T>(Result<T> result) => result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();

    private static IResult Created<T>(Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? Results.Created(location(result.Value!), result.Value) : result.Error!.ToProblem();
}
