from django.core.management.base import BaseCommand, CommandError

from tesuan.orgs.selectors import organisation_get_by_code, organisation_subtree


class Command(BaseCommand):
    help = "按行政区划代码打印该机构及其下级机构，每行一个，缩进表示层级。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="GB/T 2260 行政区划代码，例如 140400（长治市）")
        parser.add_argument("--depth", type=int, default=None, help="最多显示的下级层数")

    def handle(self, *args, code: str, depth: int | None, **options) -> None:
        root = organisation_get_by_code(code=code)
        if root is None:
            raise CommandError(f"没有行政区划代码为 {code} 的机构。请先执行 load_orgs。")
        for node in organisation_subtree(root=root):
            level = node.depth - root.depth
            if depth is not None and level > depth:
                continue
            self.stdout.write(f"{'  ' * level}{node.division_code or '-':<6} {node.name}")
