import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChannelCard, marketplacePayment } from '../../renderer/src/features/order/ChannelCard';
import { detail, row } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

/** A marketplace order shows the marketplace, its order id and how the customer paid there. */

const base = detail();
const mercadoLibre = detail({
  row: row({ marketplace: 'Mercado Livre' }),
  vtex: {
    ...base.vtex,
    affiliateId: 'MLB',
    marketplaceOrderId: '2000004567891234',
    invoiceData: { userPaymentInfo: { paymentMethods: ['account_money'] } },
    customData: {
      customApps: [{ id: 'mercadolivre', fields: { marketplacePaymentMethod: 'credit_card' } }],
    },
  },
});

describe('marketplace orders', () => {
  it('reads the marketplace payment from both places VTEX keeps it', () => {
    expect(marketplacePayment(mercadoLibre.vtex)).toBe('account_money, credit_card');
    expect(marketplacePayment(base.vtex)).toBeNull();
  });

  it('the channel card shows the marketplace, its order id and its payment', () => {
    setup();
    renderUi(<ChannelCard detail={mercadoLibre} />);
    const card = screen.getByTestId('channel-card');
    expect(card.textContent).toContain('Mercado Livre');
    expect(card.textContent).toContain('2000004567891234');
    expect(card.textContent).toContain('Paid at the marketplace withaccount_money, credit_card');
    expect(card.textContent).toContain('MLB');
  });
});
