using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Obs_UserLastSeen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_seen_at",
                table: "users",
                type: "INTEGER",
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
