using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActiveProductsByName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_products_active_name",
                table: "products",
                columns: new[] { "name", "id" },
                filter: "is_active");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_products_active_name",
                table: "products");
        }
    }
}
