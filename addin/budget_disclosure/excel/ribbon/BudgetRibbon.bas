Attribute VB_Name = "BudgetRibbon"
' The one ribbon callback of budget_disclosure.xlam: every button of customUI14.xml calls OnAction,
' which runs the button's command in Python (budget_disclosure.excel.desktop.run) through xlwings'
' RunPython. The commands themselves live in budget_disclosure.excel.commands, not here.
'
' This file is plain ASCII on purpose: VBComponents.Import reads a .bas file in the system's ANSI
' code page (GBK on Chinese Windows), so any non-ASCII text here would arrive garbled.
Option Explicit
Option Compare Binary

Public Sub OnAction(control As IRibbonControl)
    ' control.Tag is spliced into a Python string literal, so it is checked first: lowercase ASCII
    ' letters only, which can never close the quote. Only an edited customUI can fail this.
    If Not IsCommandTag(control.Tag) Then
        MsgBox "budget_disclosure: invalid ribbon tag """ & control.Tag & """", vbCritical
        Exit Sub
    End If
    RunPython "import budget_disclosure.excel.desktop as d; d.run('" & control.Tag & "')"
End Sub

Private Function IsCommandTag(ByVal tag As String) As Boolean
    ' Binary comparison: [a-z] is exactly the 26 character codes 97-122.
    IsCommandTag = (Len(tag) > 0) And Not (tag Like "*[!a-z]*")
End Function
