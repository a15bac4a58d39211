using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoveringStockIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock");

            migrationBuilder.CreateIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock",
                column: "product_id")
                .Annotation("Npgsql:IndexInclude", new[] { "store_id", "on_hand", "reserved" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock");

            migrationBuilder.CreateIndex(
                name: "ix_store_stock_product_id",
                table: "store_stock",
                column: "product_id");
        }
    }
}
