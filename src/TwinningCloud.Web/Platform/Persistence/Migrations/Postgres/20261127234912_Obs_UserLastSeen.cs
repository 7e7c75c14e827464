using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Obs_UserLastSeen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_seen_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_seen_at",
                table: "users");
        }
    }
}
