import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile('/tmp/h6.xlsx');
const ws = wb.getWorksheet('Offre')!;
ws.getRow(2).getCell(25).value = null; // missing end date
ws.getRow(3).getCell(2).value = 'Intitulé corrigé';
ws.getRow(3).getCell(2).style = { font: { color: { argb: 'FFFF0000' } } };
await wb.xlsx.writeFile('/tmp/h6-edit.xlsx');
