using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class StockHotUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock");

            migrationBuilder.AlterTable(
                name: "store_stock")
                .Annotation("Npgsql:StorageParameter:fillfactor", 90);

            migrationBuilder.CreateIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock");

            migrationBuilder.AlterTable(
                name: "store_stock")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 90);

            migrationBuilder.CreateIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock",
                column: "product_id")
                .Annotation("Npgsql:IndexInclude", new[] { "store_id", "on_hand", "reserved" });
        }
    }
}
