using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderHistoryNoteCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "note_args",
                table: "order_status_changes",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "note_code",
                table: "order_status_changes",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "note_args",
                table: "order_status_changes");

            migrationBuilder.DropColumn(
                name: "note_code",
                table: "order_status_changes");
        }
    }
}
