using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeskLookupAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "desk_lookup_attempts",
                columns: table => new
                {
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    window_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_desk_lookup_attempts", x => new { x.store_id, x.user_id });
                    table.CheckConstraint("ck_desk_lookup_attempts_failures_non_negative", "failures >= 0");
                    table.ForeignKey(
                        name: "fk_desk_lookup_attempts_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "desk_lookup_attempts");
        }
    }
}
