using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class VatCategoriesAndReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "legal_name",
                table: "stores",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "vat_number",
                table: "stores",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tax_category",
                table: "products",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.AddColumn<string>(
                name: "tax_category",
                table: "order_lines",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.AddColumn<int>(
                name: "vat_rate_basis_points",
                table: "order_lines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ux_outbox_emails_one_receipt",
                table: "outbox_emails",
                column: "order_id",
                unique: true,
                filter: "kind = 'receipt'");

            // Orders placed before VAT was recorded charged standard-rated goods at their store's country's rate on the day
            // they were placed (the rates as they stood then, written out here so later changes to VatRates cannot alter them).
            migrationBuilder.Sql("""
                UPDATE order_lines AS l
                SET vat_rate_basis_points = COALESCE((
                    SELECT r.bp FROM (VALUES ('FR', DATE '2014-01-01', 2000), ('PT', DATE '2014-01-01', 2300),
                                             ('FI', DATE '2014-01-01', 2400), ('FI', DATE '2024-09-01', 2550)) AS r(country, valid_from, bp)
                    WHERE r.country = s.country_code AND r.valid_from <= (o.created_at AT TIME ZONE s.time_zone_id)::date
                    ORDER BY r.valid_from DESC LIMIT 1), 0)
                FROM orders AS o JOIN stores AS s ON s.id = o.store_id
                WHERE o.id = l.order_id;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_order_lines_vat_rate",
                table: "order_lines",
                sql: "vat_rate_basis_points BETWEEN 0 AND 10000");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_outbox_emails_one_receipt",
                table: "outbox_emails");

            migrationBuilder.DropCheckConstraint(
                name: "ck_order_lines_vat_rate",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "legal_name",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "vat_number",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "tax_category",
                table: "products");

            migrationBuilder.DropColumn(
                name: "tax_category",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "vat_rate_basis_points",
                table: "order_lines");
        }
    }
}
