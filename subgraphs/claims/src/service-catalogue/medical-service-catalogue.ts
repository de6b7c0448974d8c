import { ClaimBenefitCategory as C } from './benefit-category';
import { MedicalServiceUnit as U } from './medical-service.entity';

export interface MedicalServiceEntry {
  code: string;
  name: string;
  category: C;
  unit: U;
}

/**
 * The services Kenyan providers bill an insurer for, as the claims desk knows them. Prices are not
 * here: they belong to each provider's tariff (providers subgraph). Loaded into `medical_services`
 * by a migration; add services with a new migration rather than by editing an applied one.
 */
export const MEDICAL_SERVICE_CATALOGUE: readonly MedicalServiceEntry[] = [
  // Consultations
  { code: 'CON-GP', name: 'General practitioner consultation', category: C.OUTPATIENT, unit: U.PER_VISIT },
  { code: 'CON-GP-REV', name: 'General practitioner review visit', category: C.OUTPATIENT, unit: U.PER_VISIT },
  { code: 'CON-SPEC', name: 'Specialist consultation (physician, paediatrician, surgeon, gynaecologist)', category: C.OUTPATIENT, unit: U.PER_VISIT },
  { code: 'CON-SPEC-REV', name: 'Specialist review visit', category: C.OUTPATIENT, unit: U.PER_VISIT },
  { code: 'CON-CASUALTY', name: 'Casualty (emergency department) consultation', category: C.EMERGENCY, unit: U.PER_VISIT },
  { code: 'CON-NUTRITION', name: 'Nutritionist consultation', category: C.OUTPATIENT, unit: U.PER_VISIT },
  { code: 'CON-PSYCHIATRY', name: 'Psychiatrist consultation', category: C.MENTAL_HEALTH, unit: U.PER_VISIT },
  { code: 'THR-COUNSELLING', name: 'Psychological counselling session', category: C.MENTAL_HEALTH, unit: U.PER_SESSION },
  { code: 'THR-PHYSIO', name: 'Physiotherapy session', category: C.OUTPATIENT, unit: U.PER_SESSION },
  { code: 'CON-WARD-ROUND', name: 'Inpatient specialist ward round', category: C.INPATIENT, unit: U.PER_DAY },

  // Laboratory
  { code: 'LAB-FBC', name: 'Full blood count (haemogram)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-BS-MPS', name: 'Malaria blood slide (BS for malaria parasites)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-MRDT', name: 'Malaria rapid diagnostic test (mRDT)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-HBA1C', name: 'Glycated haemoglobin (HbA1c)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-RBS', name: 'Random blood sugar', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-FBS', name: 'Fasting blood sugar', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-LIPID', name: 'Lipid profile', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-UEC', name: 'Urea, electrolytes and creatinine (U/E/C)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-LFT', name: 'Liver function tests', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-URINALYSIS', name: 'Urinalysis', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-URINE-CS', name: 'Urine culture and sensitivity', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-STOOL', name: 'Stool examination for ova and cysts', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-HPYLORI', name: 'Helicobacter pylori stool antigen', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-TYPHOID-AG', name: 'Salmonella typhi stool antigen', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-ESR', name: 'Erythrocyte sedimentation rate (ESR)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-CRP', name: 'C-reactive protein (CRP)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-TSH', name: 'Thyroid stimulating hormone (TSH)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-PSA', name: 'Prostate specific antigen (PSA)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-PDT', name: 'Pregnancy test (urine hCG)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-HIV', name: 'HIV rapid test with counselling', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-ANC-PROFILE', name: 'Antenatal profile (blood group, Hb, VDRL, HIV, HBsAg)', category: C.MATERNITY, unit: U.PER_TEST },
  { code: 'LAB-GXM', name: 'Blood grouping and cross-match', category: C.INPATIENT, unit: U.PER_TEST },
  { code: 'LAB-GENEXPERT', name: 'TB GeneXpert (MTB/RIF)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-PAP', name: 'Pap smear (cervical cytology)', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-COVID-AG', name: 'SARS-CoV-2 antigen test', category: C.OUTPATIENT, unit: U.PER_TEST },
  { code: 'LAB-BLOOD-CS', name: 'Blood culture and sensitivity', category: C.INPATIENT, unit: U.PER_TEST },

  // Imaging and other diagnostics
  { code: 'IMG-CXR', name: 'Chest X-ray', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-XR-LIMB', name: 'X-ray of a limb (two views)', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-USS-ABD', name: 'Abdominal ultrasound', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-USS-PELVIC', name: 'Pelvic ultrasound', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-USS-OBS', name: 'Obstetric ultrasound', category: C.MATERNITY, unit: U.PER_STUDY },
  { code: 'IMG-CT-HEAD', name: 'CT scan of the head', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-MRI-LSPINE', name: 'MRI of the lumbar spine', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-ECHO', name: 'Echocardiogram', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'IMG-MAMMO', name: 'Mammogram', category: C.OUTPATIENT, unit: U.PER_STUDY },
  { code: 'DX-ECG', name: 'Electrocardiogram (ECG)', category: C.OUTPATIENT, unit: U.PER_TEST },

  // Inpatient
  { code: 'IP-ADMISSION', name: 'Admission fee', category: C.INPATIENT, unit: U.PER_VISIT },
  { code: 'IP-BED-GENERAL', name: 'General ward bed day', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-BED-PRIVATE', name: 'Private room bed day', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-HDU', name: 'High dependency unit (HDU) day', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-ICU', name: 'Intensive care unit (ICU) day', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-NURSING', name: 'Inpatient nursing care', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-DRUGS', name: 'Inpatient drugs and consumables', category: C.INPATIENT, unit: U.PER_DAY },
  { code: 'IP-THEATRE-MINOR', name: 'Theatre fee, minor procedure', category: C.INPATIENT, unit: U.PER_PROCEDURE },
  { code: 'IP-THEATRE-MAJOR', name: 'Theatre fee, major procedure', category: C.INPATIENT, unit: U.PER_PROCEDURE },
  { code: 'IP-SURGEON', name: 'Surgeon\'s fee', category: C.INPATIENT, unit: U.PER_PROCEDURE },
  { code: 'IP-ANAESTHETIST', name: 'Anaesthetist\'s fee', category: C.INPATIENT, unit: U.PER_PROCEDURE },
  { code: 'IP-TRANSFUSION', name: 'Blood transfusion (per unit)', category: C.INPATIENT, unit: U.PER_ITEM },
  { code: 'IP-DIALYSIS', name: 'Haemodialysis session', category: C.CHRONIC, unit: U.PER_SESSION },
  { code: 'IP-CHEMO', name: 'Chemotherapy session (day care)', category: C.CHRONIC, unit: U.PER_SESSION },

  // Maternity
  { code: 'MAT-ANC', name: 'Antenatal clinic visit', category: C.MATERNITY, unit: U.PER_VISIT },
  { code: 'MAT-NVD', name: 'Normal vaginal delivery package', category: C.MATERNITY, unit: U.PER_PROCEDURE },
  { code: 'MAT-CS', name: 'Caesarean section package', category: C.MATERNITY, unit: U.PER_PROCEDURE },
  { code: 'MAT-PNC', name: 'Postnatal clinic visit', category: C.MATERNITY, unit: U.PER_VISIT },
  { code: 'MAT-NEWBORN', name: 'Newborn care', category: C.MATERNITY, unit: U.PER_DAY },

  // Dental
  { code: 'DEN-EXAM', name: 'Dental examination and consultation', category: C.DENTAL, unit: U.PER_VISIT },
  { code: 'DEN-XRAY', name: 'Dental periapical X-ray', category: C.DENTAL, unit: U.PER_STUDY },
  { code: 'DEN-OPG', name: 'Orthopantomogram (OPG)', category: C.DENTAL, unit: U.PER_STUDY },
  { code: 'DEN-EXTRACTION', name: 'Simple tooth extraction', category: C.DENTAL, unit: U.PER_TOOTH },
  { code: 'DEN-SURGICAL-EXTRACTION', name: 'Surgical extraction of an impacted tooth', category: C.DENTAL, unit: U.PER_TOOTH },
  { code: 'DEN-SCALING', name: 'Scaling and polishing', category: C.DENTAL, unit: U.PER_PROCEDURE },
  { code: 'DEN-FILLING-AMALGAM', name: 'Amalgam filling', category: C.DENTAL, unit: U.PER_TOOTH },
  { code: 'DEN-FILLING-COMPOSITE', name: 'Composite (tooth-coloured) filling', category: C.DENTAL, unit: U.PER_TOOTH },
  { code: 'DEN-ROOT-CANAL', name: 'Root canal treatment', category: C.DENTAL, unit: U.PER_TOOTH },

  // Optical
  { code: 'OPT-EXAM', name: 'Comprehensive eye examination', category: C.OPTICAL, unit: U.PER_VISIT },
  { code: 'OPT-REFRACTION', name: 'Refraction test', category: C.OPTICAL, unit: U.PER_TEST },
  { code: 'OPT-FRAMES', name: 'Spectacle frames', category: C.OPTICAL, unit: U.PER_ITEM },
  { code: 'OPT-LENS-SINGLE', name: 'Single-vision spectacle lenses (pair)', category: C.OPTICAL, unit: U.PER_ITEM },
  { code: 'OPT-LENS-BIFOCAL', name: 'Bifocal spectacle lenses (pair)', category: C.OPTICAL, unit: U.PER_ITEM },

  // Emergency and minor procedures
  { code: 'EMG-AMBULANCE', name: 'Road ambulance transfer', category: C.EMERGENCY, unit: U.PER_TRIP },
  { code: 'PROC-SUTURING', name: 'Wound suturing', category: C.OUTPATIENT, unit: U.PER_PROCEDURE },
  { code: 'PROC-DRESSING', name: 'Wound dressing', category: C.OUTPATIENT, unit: U.PER_PROCEDURE },
  { code: 'PROC-POP-CAST', name: 'Plaster of Paris cast application', category: C.OUTPATIENT, unit: U.PER_PROCEDURE },
  { code: 'PROC-NEBULISATION', name: 'Nebulisation', category: C.OUTPATIENT, unit: U.PER_SESSION },
  { code: 'PROC-IUCD', name: 'Intrauterine contraceptive device insertion', category: C.OUTPATIENT, unit: U.PER_PROCEDURE },

  // Vaccines (administered)
  { code: 'VAC-INFLUENZA', name: 'Influenza vaccine, one dose administered', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'VAC-HEPATITIS-B', name: 'Hepatitis B vaccine, one dose administered', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'VAC-TYPHOID', name: 'Typhoid conjugate vaccine, one dose administered', category: C.OUTPATIENT, unit: U.PER_ITEM },

  // Pharmacy (one item is one dispensed pack)
  { code: 'PHA-AL', name: 'Artemether/lumefantrine 20/120 mg tablets, pack of 24', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-PARACETAMOL', name: 'Paracetamol 500 mg tablets, pack of 20', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-IBUPROFEN', name: 'Ibuprofen 400 mg tablets, pack of 20', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-AMOXICILLIN', name: 'Amoxicillin 500 mg capsules, pack of 15', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-CO-AMOXICLAV', name: 'Amoxicillin/clavulanic acid 625 mg tablets, pack of 14', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-AZITHROMYCIN', name: 'Azithromycin 500 mg tablets, pack of 3', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-CIPROFLOXACIN', name: 'Ciprofloxacin 500 mg tablets, pack of 10', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-NITROFURANTOIN', name: 'Nitrofurantoin 100 mg capsules, pack of 20', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-METRONIDAZOLE', name: 'Metronidazole 400 mg tablets, pack of 21', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-OMEPRAZOLE', name: 'Omeprazole 20 mg capsules, pack of 28', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-CETIRIZINE', name: 'Cetirizine 10 mg tablets, pack of 10', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-DICLOFENAC', name: 'Diclofenac 50 mg tablets, pack of 20', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-CHLORAMPHENICOL-EYE', name: 'Chloramphenicol 0.5% eye drops, 10 ml', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-ORS-ZINC', name: 'Oral rehydration salts with zinc 20 mg tablets (co-pack)', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-FLUCONAZOLE', name: 'Fluconazole 150 mg capsule', category: C.OUTPATIENT, unit: U.PER_ITEM },
  { code: 'PHA-FERROUS-FOLIC', name: 'Ferrous sulphate 200 mg with folic acid tablets, 30 days', category: C.MATERNITY, unit: U.PER_ITEM },
  { code: 'PHA-AMLODIPINE', name: 'Amlodipine 5 mg tablets, 30 days', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-LOSARTAN', name: 'Losartan 50 mg tablets, 30 days', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-LOSARTAN-HCTZ', name: 'Losartan/hydrochlorothiazide 50/12.5 mg tablets, 30 days', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-METFORMIN', name: 'Metformin 500 mg tablets, 60 tablets', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-GLICLAZIDE', name: 'Gliclazide 80 mg tablets, 30 days', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-INSULIN-MIXED', name: 'Premixed human insulin 30/70, 10 ml vial', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-ATORVASTATIN', name: 'Atorvastatin 20 mg tablets, 30 days', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-SALBUTAMOL-INH', name: 'Salbutamol 100 micrograms inhaler, 200 doses', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-BECLOMETASONE-INH', name: 'Beclometasone 100 micrograms inhaler, 200 doses', category: C.CHRONIC, unit: U.PER_ITEM },
  { code: 'PHA-SERTRALINE', name: 'Sertraline 50 mg tablets, 30 days', category: C.MENTAL_HEALTH, unit: U.PER_ITEM },
];
