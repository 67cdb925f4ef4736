"""The Office add-in manifest (XML) for Excel on Windows, Mac and the web, built from COMMANDS.

One manifest describes the whole add-in: a 预算公开 tab with one button per ribbon command (labels
and screentips straight from the command registry, so the two ribbons never drift apart), the
custom functions under the namespace BUDGET, and the task pane. Every URL in it points at this
server's routes under ``base_url`` — the address Excel will use, so behind a proxy it is the public
HTTPS address (``budget-disclosure serve --public-url``), not the socket the server listens on.

The add-in uses a shared runtime: the task pane page also hosts the ribbon's functions and the
custom functions, so a ribbon button can show its messages in the task pane and one JavaScript
context talks to the server. That is why there is no separate commands or functions page.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .. import __version__
from ..excel.commands import COMMANDS, TITLE

ADDIN_ID = "824bd30d-12aa-4083-bdbd-724ba2db8e37"  # fixed: Office knows an add-in by this id
NAMESPACE = "BUDGET"
BUTTON_SIZES = (16, 32, 80)
TASKPANE = "taskpane.html"
FUNCTIONS_META = "xlwings/custom-functions-meta"
FUNCTIONS_CODE = "xlwings/custom-functions-code"


def icon_path(name: str, size: int) -> str:
    return f"icons/{name}-{size}.png"


def manifest_version() -> str:
    """Office caches a manifest by version, so a new release must carry a new one: 0.1.0 -> 0.1.0.0."""
    parts = [p for p in __version__.split(".") if p.isdigit()][:4]
    return ".".join(parts + ["0"] * (4 - len(parts)))


def manifest_xml(base_url: str) -> str:
    base = base_url.rstrip("/") + "/"
    urls = {"Taskpane.Url": TASKPANE, "Functions.Script.Url": FUNCTIONS_CODE,
            "Functions.Metadata.Url": FUNCTIONS_META}
    images = {f"Icon.{name}.{size}": icon_path(name, size) for name in ["app", *COMMANDS] for size in BUTTON_SIZES}
    short = {"Functions.Namespace": NAMESPACE, "Tab.Label": TITLE, "Group.Label": TITLE}
    long_ = {}
    buttons = []
    for tag, command in COMMANDS.items():
        short[f"{tag}.Label"] = command.label
        long_[f"{tag}.Tip"] = command.tip
        icons = "".join(f'<bt:Image size="{size}" resid="Icon.{tag}.{size}"/>' for size in BUTTON_SIZES)
        buttons.append(f"""
              <Control xsi:type="Button" id="BudgetDisclosure.{tag}">
                <Label resid="{tag}.Label"/>
                <Supertip><Title resid="{tag}.Label"/><Description resid="{tag}.Tip"/></Supertip>
                <Icon>{icons}</Icon>
                <Action xsi:type="ExecuteFunction"><FunctionName>{tag}</FunctionName></Action>
              </Control>""")

    def resources(element: str, items: dict[str, str], prefix: str = "") -> str:
        return "".join(f'\n        <bt:{element} id="{key}" DefaultValue={quoteattr(prefix + value)}/>'
                       for key, value in items.items())

    group_icons = "".join(f'<bt:Image size="{size}" resid="Icon.app.{size}"/>' for size in BUTTON_SIZES)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xsi:type="TaskPaneApp">
  <Id>{ADDIN_ID}</Id>
  <Version>{manifest_version()}</Version>
  <ProviderName>budget-disclosure</ProviderName>
  <DefaultLocale>zh-CN</DefaultLocale>
  <DisplayName DefaultValue={quoteattr(TITLE)}/>
  <Description DefaultValue="读取、复算、核对预算公开文件（PDF、XLSX、HTML），并提供 BUDGET.* 工作表函数"/>
  <IconUrl DefaultValue={quoteattr(base + icon_path("app", 32))}/>
  <HighResolutionIconUrl DefaultValue={quoteattr(base + icon_path("app", 64))}/>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="SharedRuntime" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue={quoteattr(base + TASKPANE)}/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <Runtimes>
          <Runtime resid="Taskpane.Url" lifetime="long"/>
        </Runtimes>
        <AllFormFactors>
          <ExtensionPoint xsi:type="CustomFunctions">
            <Script><SourceLocation resid="Functions.Script.Url"/></Script>
            <Page><SourceLocation resid="Taskpane.Url"/></Page>
            <Metadata><SourceLocation resid="Functions.Metadata.Url"/></Metadata>
            <Namespace resid="Functions.Namespace"/>
          </ExtensionPoint>
        </AllFormFactors>
        <DesktopFormFactor>
          <FunctionFile resid="Taskpane.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <CustomTab id="BudgetDisclosure.Tab">
              <Group id="BudgetDisclosure.Group">
                <Label resid="Group.Label"/>
                <Icon>{group_icons}</Icon>{"".join(buttons)}
              </Group>
              <Label resid="Tab.Label"/>
            </CustomTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>{resources("Image", images, base)}
      </bt:Images>
      <bt:Urls>{resources("Url", urls, base)}
      </bt:Urls>
      <bt:ShortStrings>{resources("String", short)}
      </bt:ShortStrings>
      <bt:LongStrings>{resources("String", long_)}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
"""
