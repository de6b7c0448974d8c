import { randomBytes } from 'node:crypto';
import { stkPassword } from '../mpesa/mpesa.rules';
import { basicCredentials, deliver, fakeId, startFakeServer, type RunningFake } from './fake-server';

export interface FakeMpesaCredentials {
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
}

interface StkRequest {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  CallBackURL: string;
  Amount: number;
  PhoneNumber: string;
  AccountReference: string;
}

export interface FakeMpesa extends RunningFake {
  /** STK pushes received, by CheckoutRequestID. */
  readonly pushes: Map<string, StkRequest>;
  /** The callback Daraja would send for a push (ResultCode 0 pays the amount pushed unless told otherwise). */
  callbackBody(checkoutRequestId: string, options?: { resultCode?: number; amount?: number; receipt?: string; merchantRequestId?: string }): string;
  /** Sends the callback to the CallBackURL the push named (or another URL). */
  fireCallback(checkoutRequestId: string, options?: { resultCode?: number; amount?: number; receipt?: string; url?: string; body?: string }): Promise<{ status: number; body: unknown }>;
}

/** Safaricom Daraja's sandbox, as far as the platform uses it: OAuth, STK push and its result callback. */
export async function startFakeMpesa(credentials: FakeMpesaCredentials, port = 0): Promise<FakeMpesa> {
  const tokens = new Set<string>();
  const pushes = new Map<string, StkRequest>();
  const fault = (status: number, errorCode: string, errorMessage: string) => ({ status, body: { requestId: fakeId('', 10), errorCode, errorMessage } });
  const server = await startFakeServer((req) => {
    if (req.method === 'GET' && req.path === '/oauth/v1/generate') {
      const basic = basicCredentials(req.headers.authorization);
      if (req.query.get('grant_type') !== 'client_credentials') return fault(400, '400.008.02', 'Invalid grant type passed');
      if (!basic || basic.user !== credentials.consumerKey || basic.password !== credentials.consumerSecret) return fault(400, '400.008.01', 'Invalid Authentication passed');
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: '3599' } };
    }
    if (req.method === 'POST' && req.path === '/mpesa/stkpush/v1/processrequest') {
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (!token || !tokens.has(token)) return fault(401, '404.001.03', 'Invalid Access Token');
      const body = JSON.parse(req.body);
      if (body.BusinessShortCode !== credentials.shortcode || body.Password !== stkPassword(credentials.shortcode, credentials.passkey, body.Timestamp)) {
        return fault(400, '400.002.02', 'Bad Request - Invalid Password');
      }
      if (!/^\d{14}$/.test(body.Timestamp)) return fault(400, '400.002.02', 'Bad Request - Invalid Timestamp');
      if (body.TransactionType !== 'CustomerPayBillOnline') return fault(400, '400.002.02', 'Bad Request - Invalid TransactionType');
      if (!Number.isInteger(body.Amount) || body.Amount < 1) return fault(400, '400.002.02', 'Bad Request - Invalid Amount');
      if (!/^2547\d{8}$|^2541\d{8}$/.test(String(body.PhoneNumber)) || body.PartyA !== body.PhoneNumber) return fault(400, '400.002.02', 'Bad Request - Invalid PhoneNumber');
      if (!/^https?:\/\//.test(body.CallBackURL ?? '')) return fault(400, '400.002.02', 'Bad Request - Invalid CallBackURL');
      if (!body.AccountReference || String(body.AccountReference).length > 12) return fault(400, '400.002.02', 'Bad Request - Invalid AccountReference');
      const push: StkRequest = {
        MerchantRequestID: `${fakeId('', 5)}-${fakeId('', 8)}-1`,
        CheckoutRequestID: `ws_CO_${fakeId('', 20)}`,
        CallBackURL: body.CallBackURL,
        Amount: body.Amount,
        PhoneNumber: String(body.PhoneNumber),
        AccountReference: body.AccountReference,
      };
      pushes.set(push.CheckoutRequestID, push);
      return {
        status: 200,
        body: {
          MerchantRequestID: push.MerchantRequestID,
          CheckoutRequestID: push.CheckoutRequestID,
          ResponseCode: '0',
          ResponseDescription: 'Success. Request accepted for processing',
          CustomerMessage: 'Success. Request accepted for processing',
        },
      };
    }
    // Development only: plays the payer answering the push (`?resultCode=1032` cancels), as the sandbox's phone would.
    const complete = /^\/__fake\/stk\/([^/]+)\/complete$/.exec(req.path);
    if (req.method === 'POST' && complete && pushes.has(complete[1])) {
      const resultCode = Number(req.query.get('resultCode') ?? 0);
      return deliver(pushes.get(complete[1])!.CallBackURL, callbackBody(complete[1], { resultCode })).then((answer) => ({ status: 200, body: answer }));
    }
    return fault(404, '404.001.01', 'Resource not found');
  }, port);

  const callbackBody: FakeMpesa['callbackBody'] = (checkoutRequestId, options = {}) => {
    const push = pushes.get(checkoutRequestId);
    const resultCode = options.resultCode ?? 0;
    const stkCallback: Record<string, unknown> = {
      MerchantRequestID: options.merchantRequestId ?? push?.MerchantRequestID ?? 'unknown',
      CheckoutRequestID: checkoutRequestId,
      ResultCode: resultCode,
      ResultDesc: resultCode === 0 ? 'The service request is processed successfully.' : resultCode === 1032 ? 'Request cancelled by user' : 'The transaction failed',
    };
    if (resultCode === 0) {
      const now = new Date(Date.now() + 3 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
      stkCallback.CallbackMetadata = {
        Item: [
          { Name: 'Amount', Value: options.amount ?? push?.Amount ?? 1 },
          { Name: 'MpesaReceiptNumber', Value: options.receipt ?? fakeId('S', 9) },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: Number(now) },
          { Name: 'PhoneNumber', Value: Number(push?.PhoneNumber ?? '254708374149') },
        ],
      };
    }
    return JSON.stringify({ Body: { stkCallback } });
  };

  return {
    ...server,
    pushes,
    callbackBody,
    fireCallback: (checkoutRequestId, options = {}) => {
      const url = options.url ?? pushes.get(checkoutRequestId)?.CallBackURL;
      if (!url) throw new Error(`no STK push ${checkoutRequestId} to call back for`);
      return deliver(url, options.body ?? callbackBody(checkoutRequestId, options));
    },
  };
}
